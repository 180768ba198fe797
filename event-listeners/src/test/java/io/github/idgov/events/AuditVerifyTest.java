package io.github.idgov.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditVerifyTest {

    @TempDir
    Path dir;

    private Path file;
    private Path keyFile;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void writeAChain() throws Exception {
        file = dir.resolve("audit.jsonl");
        try (FileSink sink = new FileSink(file, false, FileSinkTest.KEY, 0, Duration.ZERO)) {
            sink.deliver(FileSinkTest.records("a", 5));
        }
        keyFile = dir.resolve("key.txt");
        Files.writeString(keyFile, new String(FileSinkTest.KEY, StandardCharsets.UTF_8) + "\n"); // stripped on read
    }

    private int run(String... args) {
        return AuditVerify.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void goodFileWithKeyExitsZero() {
        assertThat(run("verify", "--key-file", keyFile.toString(), file.toString())).isZero();
        assertThat(out()).contains(file.toString()).contains("OK, 5 records");
        assertThat(err()).isEmpty();
    }

    @Test
    void goodFileWithoutKeyExitsZeroAndWarnsThatTheCheckpointIsNotChecked() {
        assertThat(run(file.toString())).isZero();
        assertThat(out()).contains("OK, 5 records");
        assertThat(err()).contains("no key given");
    }

    @Test
    void helpExitsZero() {
        assertThat(run("--help")).isZero();
        assertThat(out()).contains("usage:");
    }

    @Test
    void editedFileExitsOneAndNamesTheLine() throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        lines.set(2, lines.get(2).replace("\"LOGIN\"", "\"LOGOUT\""));
        Files.write(file, lines);

        assertThat(run("verify", "--key-file", keyFile.toString(), file.toString())).isEqualTo(1);
        assertThat(err()).contains("BROKEN at line 3");
    }

    @Test
    void truncatedFileExitsOneWithTheKeyOnly() throws Exception {
        Files.write(file, Files.readAllLines(file).subList(0, 3));

        assertThat(run(file.toString())).as("without key the truncation is invisible").isZero();
        assertThat(run("--key-file", keyFile.toString(), file.toString())).isEqualTo(1);
        assertThat(err()).contains("truncated");
    }

    @Test
    void wrongKeyExitsOne() throws Exception {
        Files.writeString(keyFile, "some-other-key-of-enough-length");

        assertThat(run("--key-file", keyFile.toString(), file.toString())).isEqualTo(1);
        assertThat(err()).contains("checkpoint signature");
    }

    @Test
    void oneBadFileAmongGoodOnesExitsOne() throws Exception {
        Path other = dir.resolve("other.jsonl");
        Files.write(other, List.of("garbage"));

        assertThat(run("--key-file", keyFile.toString(), file.toString(), other.toString())).isEqualTo(1);
        assertThat(out()).contains("OK, 5 records");
        // with a key, a file without its checkpoint is refused before its lines are read
        assertThat(err()).contains(other + ": BROKEN: no checkpoint");
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(run()).as("no arguments").isEqualTo(2);
        assertThat(run("verify")).as("no file").isEqualTo(2);
        assertThat(run("--key-file", keyFile.toString())).as("key but no file").isEqualTo(2);
        assertThat(run("--frobnicate", file.toString())).as("unknown option").isEqualTo(2);
        assertThat(run(file.toString(), "--key-file")).as("--key-file without value").isEqualTo(2);
        assertThat(run(file.toString(), "--key-env")).as("--key-env without value").isEqualTo(2);
        assertThat(run("--key-file", dir.resolve("missing-key").toString(), file.toString())).as("unreadable key file")
                .isEqualTo(2);
        assertThat(run("--key-env", "IDGOV_SURELY_UNSET_VARIABLE_4711", file.toString())).as("unset env").isEqualTo(2);
        assertThat(err()).contains("unknown option --frobnicate", "--key-file needs a value", "no audit file given",
                "IDGOV_SURELY_UNSET_VARIABLE_4711 is not set", "usage:");
        assertThat(out()).isEmpty();
    }

    @Test
    void missingAuditFileIsNotReportedAsOk() {
        assertThat(run(dir.resolve("nope.jsonl").toString())).isEqualTo(2);
        assertThat(err()).contains("cannot read");
    }

    /**
     * Regression (found and fixed): a checkpoint file that parses but lacks a field ("{}") makes Checkpoint.fromJson throw a
     * NullPointerException, which AuditVerify.run does not catch (it catches IOException and IllegalArgumentException
     * only): the verify command dies with a stack trace instead of reporting the file.
     */
    @Test
    void damagedCheckpointIsReportedNotThrown() throws Exception {
        Files.writeString(FileSinkTest.checkpointOf(file), "{}");

        int[] code = new int[1];
        assertThatCode(() -> code[0] = run("--key-file", keyFile.toString(), file.toString())).doesNotThrowAnyException();
        assertThat(code[0]).isNotZero();
    }

    /**
     * Regression (found and fixed): (truncation check defeated): with a key given, a deleted checkpoint file silently disables the truncation
     * check — AuditVerify#verify falls back to `new ChainVerifier()` without a word, and a truncated file is reported
     * "OK". Deleting the checkpoint along with the tail is exactly what a truncating attacker would do.
     */
    @Test
    void truncatedFileWithDeletedCheckpointIsNotOkWhenAKeyIsGiven() throws Exception {
        Files.write(file, Files.readAllLines(file).subList(0, 2));
        Files.delete(FileSinkTest.checkpointOf(file));

        assertThat(run("--key-file", keyFile.toString(), file.toString())).isNotZero();
    }

    @Test
    void rotatedSegmentsAreVerifiedWithTheFileAsOneChain() throws Exception {
        Path rotated = dir.resolve("rotated.jsonl");
        try (FileSink sink = new FileSink(rotated, false, FileSinkTest.KEY, 1, Duration.ZERO)) { // every batch fills the file
            sink.deliver(FileSinkTest.records("r", 2));
            sink.deliver(FileSinkTest.records("s", 2));
        }
        try (FileSink sink = new FileSink(rotated, false, FileSinkTest.KEY, 0, Duration.ZERO)) {
            sink.deliver(FileSinkTest.records("t", 1));
        }
        List<Path> segments = FileSegments.of(rotated);
        assertThat(segments).hasSize(2);
        assertThat(run("--key-file", keyFile.toString(), rotated.toString())).as(err()).isZero();
        assertThat(out()).contains("OK, 5 records in 3 files");

        // the oldest segment archived: refused unless the operator says so, then reported
        Path archive = dir.resolve("archived");
        Files.createDirectories(archive);
        Files.move(segments.get(0), archive.resolve(segments.get(0).getFileName()));
        assertThat(run("--key-file", keyFile.toString(), rotated.toString())).isEqualTo(1);
        assertThat(run("--key-file", keyFile.toString(), "--allow-archived", rotated.toString())).as(err()).isZero();
        assertThat(out()).contains("OK, 3 records in 2 files from seq 3 (earlier segments archived)");

        // a segment edited, or a middle one removed, breaks the chain
        Files.move(archive.resolve(segments.get(0).getFileName()), segments.get(0));
        List<String> lines = Files.readAllLines(segments.get(1));
        Files.write(segments.get(1), List.of(lines.get(0).replace("alice", "mallory"), lines.get(1)));
        assertThat(run("--key-file", keyFile.toString(), rotated.toString())).isEqualTo(1);
        assertThat(err()).contains("BROKEN in " + segments.get(1).getFileName());
        Files.delete(segments.get(1));
        assertThat(run("--key-file", keyFile.toString(), rotated.toString())).isEqualTo(1);
        assertThat(err()).contains("was expected (record deleted, inserted or reordered)");
    }
}
