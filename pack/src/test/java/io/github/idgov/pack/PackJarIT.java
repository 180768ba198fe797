package io.github.idgov.pack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The one installable JAR: every module's classes, fresh, and every provider registered. */
class PackJarIT {

    private static final Path JAR = Path.of(System.getProperty("idgov.pack.jar"));
    private static final Path MODULES = Path.of(System.getProperty("idgov.modules.dir"));
    private static final String RELOCATED = "org/apache/kafka/";
    private static final String SHADED = "io/github/idgov/shaded/";
    private static final List<String> PROVIDER_MODULES = List.of("core", "authenticators", "event-listeners", "admin-ui-theme");

    @Test
    void holdsEveryCompiledClassOfEveryModuleByteForByte() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            for (String module : PROVIDER_MODULES) {
                Path classes = MODULES.resolve(module).resolve("target/classes");
                if (!Files.isDirectory(classes)) {
                    continue; // a module without sources yet
                }
                try (Stream<Path> files = Files.walk(classes)) {
                    for (Path file : files.filter(Files::isRegularFile).toList()) {
                        String name = classes.relativize(file).toString().replace('\\', '/');
                        if (name.startsWith("META-INF/services/")) {
                            continue; // merged, checked below
                        }
                        JarEntry entry = jar.getJarEntry(name);
                        assertThat(entry).as("%s from %s", name, module).isNotNull();
                        byte[] built = Files.readAllBytes(file);
                        try (InputStream in = jar.getInputStream(entry)) {
                            byte[] packed = in.readAllBytes();
                            if (mentions(built, RELOCATED)) {
                                // its references to the library were rewritten by the relocation: none may be left unrelocated
                                assertThat(mentions(packed, RELOCATED)).as("%s still refers to %s", name, RELOCATED).isFalse();
                                assertThat(mentions(packed, SHADED + "kafka/")).as("%s refers to the relocated library", name).isTrue();
                            } else {
                                assertThat(packed).as("%s is the freshly built one", name).isEqualTo(built);
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void carriesTheKafkaClientOnlyUnderTheShadedPackage() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            List<String> classes = jar.stream().map(JarEntry::getName).filter(n -> n.endsWith(".class")).toList();
            assertThat(classes).as("every class is the pack's own or relocated under %s", SHADED)
                    .allMatch(n -> n.startsWith("io/github/idgov/"));
            assertThat(jar.getJarEntry(SHADED + "kafka/clients/producer/KafkaProducer.class")).isNotNull();
        }
    }

    private static boolean mentions(byte[] classFile, String text) {
        return new String(classFile, StandardCharsets.ISO_8859_1).contains(text);
    }

    @Test
    void registersEveryProviderWithAClassThatIsInTheJar() throws IOException {
        List<String> registered = new ArrayList<>();
        try (JarFile jar = new JarFile(JAR.toFile())) {
            for (JarEntry entry : jar.stream().filter(e -> e.getName().startsWith("META-INF/services/") && !e.isDirectory()).toList()) {
                try (InputStream in = jar.getInputStream(entry)) {
                    for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                        String type = line.strip();
                        if (type.isEmpty() || type.startsWith("#")) {
                            continue;
                        }
                        assertThat(jar.getJarEntry(type.replace('.', '/') + ".class")).as("%s in %s", type, entry.getName()).isNotNull();
                        registered.add(type);
                    }
                }
            }
        }
        assertThat(registered).contains(
                "io.github.idgov.authenticators.IdentityClassMapper",
                "io.github.idgov.admin.GovernanceAttributeValidator",
                "io.github.idgov.admin.RealmGovernanceListenerFactory");
    }

    @Test
    void carriesTheMessagesAndNoKeycloakClasses() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            assertThat(jar.getJarEntry("theme-resources/messages/messages_en.properties")).isNotNull();
            assertThat(jar.stream().map(JarEntry::getName)).noneMatch(n -> n.startsWith("org/keycloak/") || n.startsWith("org/jboss/"));
        }
    }
}
