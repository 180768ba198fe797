package io.github.idgov.it.support;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Runs the pack JAR's verify command as an operator would: {@code java -jar <pack> verify --key-env VAR FILE}. */
public final class VerifyCommand {

    private static final String KEY_VARIABLE = "IDGOV_AUDIT_KEY";

    private VerifyCommand() {
    }

    public record Result(int exitCode, String output) {
    }

    public static Result run(Path file, String key) throws Exception {
        Path jar = Path.of(System.getProperty("idgov.pack.jar"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(java.toString(), "-jar", jar.toString(), "verify", "--key-env",
                KEY_VARIABLE, file.toString()).redirectErrorStream(true);
        // the key travels in the environment, never on the command line
        builder.environment().put(KEY_VARIABLE, key);
        Process process = builder.start();
        String output;
        try (var in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        return new Result(process.waitFor(), output);
    }
}
