package io.github.idgov.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * CPU time of the processes a round keeps busy, from Linux's {@code /proc}: Keycloak's JVM (found by its
 * {@code kc.home.dir}), the PostgreSQL server's processes (every process named {@code postgres}; none on H2) and
 * this load generator. On a saturated machine throughput is the inverse of CPU per request, so CPU per request of
 * each realm says where a throughput gap comes from, and drifts less between rounds than req/s does.
 */
final class ProcessCpu {

    /** CPU nanoseconds used so far: Keycloak, database, load generator. */
    record Sample(long keycloak, long database, long load) {

        Sample minus(Sample earlier) {
            return new Sample(keycloak - earlier.keycloak, database - earlier.database, load - earlier.load);
        }
    }

    private static final Path PROC = Path.of("/proc");
    private static final String HOME_PROPERTY = "-Dkc.home.dir=";

    private final List<Long> keycloakPids;
    private final long nanosPerTick;

    private ProcessCpu(List<Long> keycloakPids, long nanosPerTick) {
        this.keycloakPids = keycloakPids;
        this.nanosPerTick = nanosPerTick;
    }

    /** Empty where there is no {@code /proc} or no Keycloak process of that home is found. */
    static Optional<ProcessCpu> of(Path keycloakHome) {
        if (!Files.isDirectory(PROC)) {
            return Optional.empty();
        }
        Path home = keycloakHome.toAbsolutePath().normalize();
        List<Long> pids = ProcessHandle.allProcesses().map(ProcessHandle::pid)
                .filter(pid -> comm(pid).equals("java") && home.equals(keycloakHomeOf(pid))).toList();
        return pids.isEmpty() ? Optional.empty() : Optional.of(new ProcessCpu(pids, 1_000_000_000L / ticksPerSecond()));
    }

    Sample sample() {
        long keycloak = keycloakPids.stream().mapToLong(this::cpuNanos).sum();
        long database;
        try (Stream<Path> processes = Files.list(PROC)) {
            database = processes.map(path -> path.getFileName().toString()).filter(name -> name.chars().allMatch(Character::isDigit))
                    .mapToLong(Long::parseLong).filter(pid -> comm(pid).equals("postgres")).map(this::cpuNanos).sum();
        } catch (IOException e) {
            database = 0;
        }
        return new Sample(keycloak, database, cpuNanos(ProcessHandle.current().pid()));
    }

    /** utime + stime of {@code /proc/<pid>/stat} (fields 14 and 15, after the parenthesised name); 0 once it is gone. */
    private long cpuNanos(long pid) {
        String stat = read(PROC.resolve(pid + "/stat"));
        int end = stat.lastIndexOf(')');
        if (end < 0) {
            return 0;
        }
        String[] fields = stat.substring(end + 2).split(" ");
        // fields[0] is field 3 (state): utime is field 14, stime field 15
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * nanosPerTick;
    }

    /** The JVM's {@code -Dkc.home.dir} (kc.sh passes {@code …/bin/..}), normalised; null for any other process. */
    private static Path keycloakHomeOf(long pid) {
        for (String argument : read(PROC.resolve(pid + "/cmdline")).split("\0")) {
            if (argument.startsWith(HOME_PROPERTY)) {
                return Path.of(argument.substring(HOME_PROPERTY.length())).toAbsolutePath().normalize();
            }
        }
        return null;
    }

    private static String comm(long pid) {
        return read(PROC.resolve(pid + "/comm")).strip();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException | SecurityException e) {
            return ""; // the process ended, or is not ours to read
        }
    }

    /** USER_HZ: 100 on every mainstream Linux; asked of getconf in case it is not. */
    private static long ticksPerSecond() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
            return getconf.waitFor() == 0 ? Long.parseLong(out) : 100;
        } catch (IOException | NumberFormatException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
