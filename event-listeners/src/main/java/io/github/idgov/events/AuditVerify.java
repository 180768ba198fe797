package io.github.idgov.events;

import io.github.idgov.core.audit.ChainVerifier;
import io.github.idgov.core.audit.Checkpoint;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code java -jar keycloak-identity-governance.jar verify [--key-file F | --key-env VAR] FILE...}: checks the
 * hash chain of audit files written by the file sink and, with the checkpoint key, that none was truncated.
 * Exit code 0 when every file verifies, 1 when one does not (the first bad record is named), 2 on usage errors.
 */
public final class AuditVerify {

    private AuditVerify() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        List<String> arguments = new ArrayList<>(List.of(args));
        if (!arguments.isEmpty() && arguments.get(0).equals("verify")) {
            arguments.remove(0);
        }
        byte[] key = null;
        boolean archived = false;
        List<Path> files = new ArrayList<>();
        try {
            for (int i = 0; i < arguments.size(); i++) {
                String arg = arguments.get(i);
                switch (arg) {
                    case "--key-file" -> key = Files.readString(Path.of(value(arguments, ++i, arg))).strip().getBytes(StandardCharsets.UTF_8);
                    case "--key-env" -> key = keyFromEnv(value(arguments, ++i, arg));
                    case "--allow-archived" -> archived = true;
                    case "-h", "--help" -> {
                        out.println(usage());
                        return 0;
                    }
                    default -> {
                        if (arg.startsWith("--")) {
                            throw new IllegalArgumentException("unknown option " + arg);
                        }
                        files.add(Path.of(arg));
                    }
                }
            }
            if (files.isEmpty()) {
                throw new IllegalArgumentException("no audit file given");
            }
        } catch (IllegalArgumentException | IOException e) {
            err.println("verify: " + e.getMessage());
            err.println(usage());
            return 2;
        }
        int status = 0;
        for (Path file : files) {
            try {
                status = Math.max(status, verify(file, key, archived, out, err));
            } catch (IOException | IllegalArgumentException e) {
                err.println(file + ": cannot read: " + e.getMessage());
                status = 2;
            }
        }
        return status;
    }

    /**
     * Verifies the file with its rotated segments ({@code <file>.<seq>}, oldest first) as one chain; the checkpoint
     * beside the file vouches for its end. {@code archived}: the oldest segment present may start after seq 1.
     */
    private static int verify(Path file, byte[] key, boolean archived, PrintStream out, PrintStream err) throws IOException {
        List<Path> parts = new ArrayList<>(FileSegments.of(file));
        parts.add(file);
        long bytes = 0;
        for (Path part : parts) {
            bytes += Files.size(part);
        }
        Path checkpointFile = file.resolveSibling(file.getFileName() + ".checkpoint");
        ChainVerifier verifier;
        if (key != null && !Files.exists(checkpointFile) && bytes > 0) {
            err.println(file + ": BROKEN: no checkpoint " + checkpointFile.getFileName()
                    + " beside it, so a truncation cannot be ruled out");
            return 1;
        }
        if (Files.exists(checkpointFile) && key != null) {
            verifier = new ChainVerifier(Checkpoint.fromJson(Files.readString(checkpointFile)), key);
        } else {
            verifier = new ChainVerifier();
            if (Files.exists(checkpointFile)) {
                err.println(file + ": no key given, so the checkpoint (truncation check) is not verified");
            }
        }
        if (archived) {
            verifier.startingAnywhere();
        }
        for (Path part : parts) {
            if (!accept(verifier, part)) {
                String where = parts.size() > 1 ? " in " + part.getFileName() : "";
                err.println(file + ": BROKEN" + where + " at " + verifier.failure().orElseThrow());
                return 1;
            }
        }
        verifier.finish();
        if (verifier.failure().isPresent()) {
            err.println(file + ": BROKEN at " + verifier.failure().get());
            return 1;
        }
        String from = verifier.firstSeq() > 1 ? " from seq " + verifier.firstSeq() + " (earlier segments archived)" : "";
        String segments = parts.size() > 1 ? " in " + parts.size() + " files" : "";
        out.println(file + ": OK, " + verifier.records() + " records" + segments + from + ", last hash " + verifier.lastHash());
        return 0;
    }

    private static boolean accept(ChainVerifier verifier, Path part) throws IOException {
        try (BufferedReader lines = Files.newBufferedReader(part, StandardCharsets.UTF_8)) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (!verifier.accept(line)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static String value(List<String> arguments, int index, String option) {
        if (index >= arguments.size()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return arguments.get(index);
    }

    private static byte[] keyFromEnv(String variable) {
        String value = System.getenv(variable);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("environment variable " + variable + " is not set");
        }
        return value.strip().getBytes(StandardCharsets.UTF_8);
    }

    private static String usage() {
        return "usage: java -jar keycloak-identity-governance.jar verify [--key-file FILE | --key-env VAR] [--allow-archived] AUDIT_FILE...\n"
                + "  each AUDIT_FILE is verified with its rotated segments AUDIT_FILE.<seq> as one chain;\n"
                + "  --allow-archived: the oldest segment present may start after seq 1 (older ones archived)";
    }
}
