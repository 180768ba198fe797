package io.github.idgov.bench;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The machine a run measured: the figures mean little without it.
 *
 * @param java the JVM of the load generator, which the harness also starts Keycloak on
 */
record Machine(String cpu, int cores, long memoryBytes, String os, String java) {

    private static final Path CPU_INFO = Path.of("/proc/cpuinfo");
    private static final Path LOAD_AVERAGE = Path.of("/proc/loadavg");

    static Machine current() throws IOException {
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return new Machine(cpuModel(), Runtime.getRuntime().availableProcessors(), os.getTotalMemorySize(),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                        + " (" + System.getProperty("java.vendor") + ")");
    }

    /** The 1, 5 and 15 minute load averages (a noise indicator), or "n/a" where the OS does not publish them. */
    static String loadAverage() throws IOException {
        if (!Files.isReadable(LOAD_AVERAGE)) {
            return "n/a";
        }
        String[] fields = Files.readString(LOAD_AVERAGE).trim().split("\\s+");
        return String.join(" ", fields[0], fields[1], fields[2]);
    }

    String summary() {
        return String.format(Locale.ROOT, "%d cores (%s), %.1f GiB RAM, %s, %s", cores, cpu,
                memoryBytes / (1024.0 * 1024 * 1024), os, java);
    }

    private static String cpuModel() throws IOException {
        if (!Files.isReadable(CPU_INFO)) {
            return System.getProperty("os.arch");
        }
        return Files.readAllLines(CPU_INFO).stream().filter(line -> line.startsWith("model name"))
                .map(line -> line.substring(line.indexOf(':') + 1).trim()).findFirst()
                .orElse(System.getProperty("os.arch"));
    }
}
