package io.github.idgov.it.harness;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;

/** The database a distribution is built and started for: Keycloak's dev-file H2, or a fresh PostgreSQL database. */
public final class Database {

    public static final String DEV_FILE = "dev-file";
    public static final String POSTGRES = "postgres";

    static final String PG_HOST = "127.0.0.1";
    /** 5432 unless {@code idgov.pg.port} says otherwise (handy to check the skip path). */
    static final int PG_PORT = HarnessConfig.integer("idgov.pg.port", 5432);
    static final String PG_USER = "postgres";

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
