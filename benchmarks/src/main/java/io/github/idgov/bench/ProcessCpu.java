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

    /**
     * CPU nanoseconds used so far: Keycloak (every thread), Keycloak's JIT compiler threads, database, load generator.
     */
    record Sample(long keycloak, long keycloakJit, long database, long load) {

        Sample minus(Sample earlier) {
            return new Sample(keycloak - earlier.keycloak, keycloakJit - earlier.keycloakJit, database - earlier.database,
                    load - earlier.load);
        }

        Sample plus(Sample other) {
            return new Sample(keycloak + other.keycloak, keycloakJit + other.keycloakJit, database + other.database,
                    load + other.load);
        }

        /**
         * Keycloak without its JIT: on two cores C2 still compiles during the rounds after a warm-up of a minute, and
         * charges the realm whose round it happens to fall in; what the requests themselves cost drifts less.
         */
        long keycloakWithoutJit() {
            return keycloak - keycloakJit;
        }
    }

    private static final Path PROC = Path.of("/proc");
    private static final String HOME_PROPERTY = "-Dkc.home.dir=";
    /** HotSpot's compiler threads, as Linux shows their names (cut to 15 characters). */
    private static final List<String> JIT_THREADS = List.of("C1 CompilerThre", "C2 CompilerThre");

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
        long jit = keycloakPids.stream().mapToLong(this::jitNanos).sum();
        long database;
        try (Stream<Path> processes = Files.list(PROC)) {
            database = processes.map(path -> path.getFileName().toString()).filter(name -> name.chars().allMatch(Character::isDigit))
                    .mapToLong(Long::parseLong).filter(pid -> comm(pid).equals("postgres")).map(this::cpuNanos).sum();
        } catch (IOException e) {
            database = 0;
        }
        return new Sample(keycloak, jit, database, cpuNanos(ProcessHandle.current().pid()));
    }

    /**
     * CPU of the process's live compiler threads. A compiler thread that HotSpot retires during a round takes its time
     * with it (counted as Keycloak's then); the harness starts Keycloak with a fixed number of them so none is retired.
     */
    private long jitNanos(long pid) {
        Path tasks = PROC.resolve(pid + "/task");
        try (Stream<Path> threads = Files.list(tasks)) {
            return threads.filter(thread -> JIT_THREADS.stream().anyMatch(read(thread.resolve("comm"))::startsWith))
                    .mapToLong(thread -> ticks(read(thread.resolve("stat")))).sum() * nanosPerTick;
        } catch (IOException e) {
            return 0;
        }
    }

    /** utime + stime of {@code /proc/<pid>/stat} (fields 14 and 15, after the parenthesised name); 0 once it is gone. */
    private long cpuNanos(long pid) {
        return ticks(read(PROC.resolve(pid + "/stat"))) * nanosPerTick;
    }

    /** utime + stime in clock ticks of a process's or a thread's {@code stat} line; 0 for an empty one. */
    private static long ticks(String stat) {
        int end = stat.lastIndexOf(')');
        if (end < 0) {
            return 0;
        }
        String[] fields = stat.substring(end + 2).split(" ");
        // fields[0] is field 3 (state): utime is field 14, stime field 15
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
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
