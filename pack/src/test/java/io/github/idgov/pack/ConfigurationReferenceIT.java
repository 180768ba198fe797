package io.github.idgov.pack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.keycloak.Config;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/**
 * The README's table of server options is the pack's own option metadata ({@code getConfigMetadata()} of every
 * provider in the JAR), and every option a provider reads at start-up is in that metadata: an option added in code
 * and not documented, or documented and no longer declared, fails here. The expected table is written to
 * {@code target/server-options.md} for pasting.
 */
class ConfigurationReferenceIT {

    private static final Path JAR = Path.of(System.getProperty("idgov.pack.jar"));
    private static final Path README = Path.of(System.getProperty("idgov.modules.dir")).resolve("README.md");
    private static final String BEGIN = "<!-- server-options:begin (generated from the providers' option metadata; ConfigurationReferenceIT) -->";
    private static final String END = "<!-- server-options:end -->";

    record Provider(String spi, ProviderFactory<?> factory) {
        String flag(String option) {
            return "--spi-" + spi + "--" + factory.getId() + "--" + option;
        }
    }

    @Test
    void everyOptionReadAtStartUpIsDeclared() throws IOException {
        for (Provider provider : providers()) {
            RecordingScope scope = new RecordingScope();
            provider.factory().init(scope);
            Set<String> declared = new TreeSet<>(provider.factory().getConfigMetadata().stream().map(ProviderConfigProperty::getName).toList());
            assertThat(declared).as("options %s reads at start-up", provider.factory().getClass().getSimpleName())
                    .containsAll(scope.read);
        }
    }

    @Test
    void readmeListsEveryDeclaredOptionWithFlagEnvironmentVariableDefaultAndMeaning() throws IOException {
        String expected = table(providers());
        Path out = Path.of("target", "server-options.md");
        Files.writeString(out, expected + "\n", StandardCharsets.UTF_8);
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        int begin = readme.indexOf(BEGIN);
        int end = readme.indexOf(END);
        assertThat(begin).as("README marker %s", BEGIN).isNotNegative();
        assertThat(end).as("README marker %s", END).isGreaterThan(begin);
        String documented = readme.substring(begin + BEGIN.length(), end).strip();
        assertThat(documented).as("README server options (the expected table is in %s)", out.toAbsolutePath()).isEqualTo(expected);
    }

    private static String table(List<Provider> providers) {
        StringBuilder out = new StringBuilder("| CLI flag | environment variable | default | meaning |\n|---|---|---|---|");
        for (Provider provider : providers) {
            for (ProviderConfigProperty option : provider.factory().getConfigMetadata()) {
                assertThat(option.getHelpText()).as("meaning of %s", provider.flag(option.getName())).isNotBlank();
                String flag = provider.flag(option.getName());
                out.append("\n| `").append(flag).append("` | `").append(environmentVariable(flag)).append("` | ")
                        .append(defaultValue(option.getDefaultValue())).append(" | ").append(option.getHelpText()).append(" |");
            }
        }
        return out.toString();
    }

    /** Keycloak's mapping: {@code --spi-a-b--c--d} is {@code KC_SPI_A_B__C__D}. */
    static String environmentVariable(String flag) {
        return "KC_" + flag.substring(2).replace("--", "__").replace('-', '_').toUpperCase(Locale.ROOT);
    }

    private static String defaultValue(Object value) {
        if (value == null) {
            return "—";
        }
        return value instanceof String text ? "`" + text + "`" : String.valueOf(value);
    }

    /** Every provider factory the JAR registers that declares or reads a server option, ordered by SPI and id. */
    private static List<Provider> providers() throws IOException {
        List<Spi> spis = spis();
        List<Provider> providers = new ArrayList<>();
        for (String type : registeredTypes()) {
            Class<?> implementation;
            try {
                implementation = Class.forName(type, false, ConfigurationReferenceIT.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new AssertionError(type + " is registered in the JAR but not on the test class path", e);
            }
            if (!ProviderFactory.class.isAssignableFrom(implementation)) {
                continue; // an SPI definition of the pack, not a provider
            }
            ProviderFactory<?> factory = instantiate(implementation);
            RecordingScope scope = new RecordingScope();
            factory.init(scope);
            if (factory.getConfigMetadata().isEmpty() && scope.read.isEmpty()) {
                continue; // no server option
            }
            List<String> names = spis.stream().filter(s -> s.getProviderFactoryClass().isAssignableFrom(implementation))
                    .map(s -> kebab(s.getName())).distinct().toList();
            assertThat(names).as("the SPI of %s", type).hasSize(1);
            providers.add(new Provider(names.get(0), factory));
        }
        providers.sort(Comparator.comparing(Provider::spi).thenComparing(p -> p.factory().getId()));
        return providers;
    }

    private static Set<String> registeredTypes() throws IOException {
        Set<String> types = new LinkedHashSet<>();
        try (JarFile jar = new JarFile(JAR.toFile())) {
            for (JarEntry entry : jar.stream().filter(e -> e.getName().startsWith("META-INF/services/") && !e.isDirectory()).toList()) {
                try (InputStream in = jar.getInputStream(entry)) {
                    for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                        String type = line.strip();
                        if (!type.isEmpty() && !type.startsWith("#")) {
                            types.add(type);
                        }
                    }
                }
            }
        }
        return types;
    }

    private static ProviderFactory<?> instantiate(Class<?> implementation) {
        try {
            Constructor<?> constructor = implementation.getDeclaredConstructor();
            constructor.setAccessible(true);
            return (ProviderFactory<?>) constructor.newInstance();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot create " + implementation.getName(), e);
        }
    }

    /**
     * Keycloak's SPI definitions on the test class path. Some need server classes this class path leaves out; they
     * are skipped here, and a pack factory whose SPI is among them fails the SPI assertion above by name.
     */
    private static List<Spi> spis() {
        List<Spi> spis = new ArrayList<>();
        Iterator<Spi> iterator = ServiceLoader.load(Spi.class).iterator();
        while (true) {
            try {
                if (!iterator.hasNext()) {
                    return spis;
                }
                spis.add(iterator.next());
            } catch (ServiceConfigurationError | LinkageError e) {
                // an SPI of a server part that is not on this class path
            }
        }
    }

    /** {@code eventsListener} → {@code events-listener}, as Keycloak spells SPI names in options. */
    static String kebab(String spiName) {
        return spiName.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /** A configuration with nothing set that remembers which options a factory asked for. */
    private static final class RecordingScope implements Config.Scope {

        private final Set<String> read = new TreeSet<>();

        @Override
        public String get(String key) {
            read.add(key);
            return null;
        }

        @Override
        public String get(String key, String defaultValue) {
            read.add(key);
            return defaultValue;
        }

        @Override
        public String[] getArray(String key) {
            read.add(key);
            return null;
        }

        @Override
        public Integer getInt(String key, Integer defaultValue) {
            read.add(key);
            return defaultValue;
        }

        @Override
        public Long getLong(String key, Long defaultValue) {
            read.add(key);
            return defaultValue;
        }

        @Override
        public Boolean getBoolean(String key, Boolean defaultValue) {
            read.add(key);
            return defaultValue;
        }

        @Override
        public Config.Scope scope(String... scope) {
            throw new UnsupportedOperationException("the pack reads no nested option scopes");
        }

        @Override
        public Set<String> getPropertyNames() {
            return Set.of();
        }

        @Override
        public Config.Scope root() {
            return this;
        }
    }
}
