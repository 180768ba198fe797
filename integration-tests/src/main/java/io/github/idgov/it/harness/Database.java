package io.github.idgov.it.harness;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Assumptions;

/** The database a distribution is built and started for: Keycloak's dev-file H2, or a fresh PostgreSQL database. */
public final class Database {

    public static final String DEV_FILE = "dev-file";
    public static final String POSTGRES = "postgres";

    static final String PG_HOST = "127.0.0.1";
    /** 5432 unless {@code idgov.pg.port} says otherwise (handy to check the skip path). */
    static final int PG_PORT = HarnessConfig.integer("idgov.pg.port", 5432);
    static final String PG_USER = "postgres";
    /** Keycloak's dev-file H2 has no credentials (since 26.2; earlier sa/password). */
    private static final String H2_USER = "";
    private static final String H2_PASSWORD = "";

    /** JDBC work a test does on the database of a stopped server, e.g. to stage what an older pack left behind. */
    @FunctionalInterface
    public interface Work {
        void run(Connection connection) throws SQLException;
    }

    private final String kind;
    private final String name;

    private Database(String kind, String name) {
        this.kind = kind;
        this.name = name;
    }

    public static Database devFile() {
        return new Database(DEV_FILE, null);
    }

    /** True when PostgreSQL answers on 127.0.0.1 (trust auth for user postgres is assumed). */
    public static boolean postgresReachable() {
        return Ports.answers(PG_HOST, PG_PORT);
    }

    /** Creates a uniquely named database so runs never see each other's data; {@link #drop()} removes it. */
    public static Database createPostgres() {
        String name = "idgov_it_" + HexFormat.of().formatHex(new SecureRandom().generateSeed(5));
        execute("CREATE DATABASE " + name);
        return new Database(POSTGRES, name);
    }

    /**
     * The database {@code idgov.db} names (the {@code postgres} profile): dev-file, or a fresh PostgreSQL database the
     * caller drops. Aborts the test (skipped, not failed) when PostgreSQL is asked for but does not answer.
     */
    public static Database configured() {
        String db = HarnessConfig.string(HarnessConfig.DB, DEV_FILE);
        if (!db.equals(DEV_FILE) && !db.equals(POSTGRES)) {
            throw new IllegalArgumentException("idgov.db must be dev-file or postgres, not " + db);
        }
        if (db.equals(DEV_FILE)) {
            return devFile();
        }
        Assumptions.assumeTrue(postgresReachable(),
                "idgov.db=postgres but nothing answers on " + PG_HOST + ":" + PG_PORT);
        return createPostgres();
    }

    /** {@code dev-file} or {@code postgres}: the value of {@code --db} at build time. */
    public String kind() {
        return kind;
    }

    /** The PostgreSQL database name, or null for dev-file. */
    public String name() {
        return name;
    }

    public boolean isPostgres() {
        return POSTGRES.equals(kind);
    }

    String jdbcUrl() {
        return "jdbc:postgresql://" + PG_HOST + ":" + PG_PORT + "/" + name;
    }

    List<String> startOptions() {
        return isPostgres() ? List.of("--db-url=" + jdbcUrl(), "--db-username=" + PG_USER) : List.of();
    }

    /**
     * Runs the work in one transaction on this database, as the Keycloak installed at {@code home} uses it; only while
     * that Keycloak is stopped (its H2 file admits one process). H2's driver is the distribution's own, so the file
     * format is the one Keycloak reads.
     */
    void inTransaction(Path home, Work work) throws IOException, SQLException {
        if (!isPostgres()) {
            try (URLClassLoader h2 = new URLClassLoader(new URL[] {h2Jar(home).toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
                Properties credentials = new Properties();
                credentials.setProperty("user", H2_USER);
                credentials.setProperty("password", H2_PASSWORD);
                Driver driver = (Driver) h2.loadClass("org.h2.Driver").getDeclaredConstructor().newInstance();
                String url = "jdbc:h2:file:" + home.resolve("data/h2/keycloakdb") + ";NON_KEYWORDS=VALUE";
                try (Connection connection = driver.connect(url, credentials)) {
                    commit(connection, work);
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("No usable H2 driver under " + home, e);
            }
            return;
        }
        try (Connection connection = DriverManager.getConnection(jdbcUrl(), PG_USER, "")) {
            commit(connection, work);
        }
    }

    private static void commit(Connection connection, Work work) throws SQLException {
        connection.setAutoCommit(false);
        work.run(connection);
        connection.commit();
    }

    private static Path h2Jar(Path home) throws IOException {
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(home.resolve("lib/lib/main"), "com.h2database.h2-*.jar")) {
            Iterator<Path> found = jars.iterator();
            if (!found.hasNext()) {
                throw new IllegalStateException("No H2 driver in " + home.resolve("lib/lib/main"));
            }
            return found.next();
        }
    }

    /** Drops the PostgreSQL database (no-op for dev-file); FORCE ends sessions Keycloak may have left. */
    public void drop() {
        if (!isPostgres()) {
            return;
        }
        try {
            execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (IllegalStateException e) {
            execute("DROP DATABASE IF EXISTS " + name);
        }
    }

    private static void execute(String sql) {
        String url = "jdbc:postgresql://" + PG_HOST + ":" + PG_PORT + "/postgres";
        try (Connection connection = DriverManager.getConnection(url, PG_USER, "");
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL: " + sql + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return isPostgres() ? POSTGRES + " (" + name + ")" : DEV_FILE;
    }
}
