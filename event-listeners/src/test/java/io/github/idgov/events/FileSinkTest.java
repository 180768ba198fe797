package io.github.idgov.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.idgov.core.audit.ChainVerifier;
import io.github.idgov.core.audit.Checkpoint;
import io.github.idgov.core.audit.HashChain;
import io.github.idgov.core.audit.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSinkTest {

    static final byte[] KEY = "file-sink-checkpoint-key-0123".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    static String record(String id) {
        return record(id, "alice");
    }

    static String record(String id, String username) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("id", id);
        record.put("time", 1_700_000_000_000L);
        record.put("realm", "acme");
        record.put("source", "user");
        record.put("type", "LOGIN");
        record.put("outcome", "success");
        record.put("principal", Map.of("username", username, "class", "human"));
        return Json.canonical(record);
    }

    static List<String> records(String prefix, int n) {
        return IntStream.rangeClosed(1, n).mapToObj(i -> record(prefix + i)).toList();
    }

    static ChainVerifier verify(Path file, byte[] key) throws IOException {
        Path checkpointFile = checkpointOf(file);
        ChainVerifier verifier = key == null ? new ChainVerifier()
                : new ChainVerifier(Checkpoint.fromJson(Files.readString(checkpointFile)), key);
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!verifier.accept(line)) {
                break;
            }
        }
        verifier.finish();
        return verifier;
    }

    static Path checkpointOf(Path file) {
        return file.resolveSibling(file.getFileName() + ".checkpoint");
    }

    static List<Map<String, Object>> lines(Path file) throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            out.add(Json.parseObject(line));
        }
        return out;
    }

    @Test
    void writesAChainTheVerifierAccepts() throws Exception {
        Path file = dir.resolve("sub/dir/audit.jsonl");
        try (FileSink sink = new FileSink(file, true, KEY, 0, Duration.ZERO)) {
            assertThat(sink.name()).isEqualTo("file");
            sink.deliver(records("a", 3));
            sink.deliver(records("b", 2));
        }

        ChainVerifier verifier = verify(file, KEY);

        assertThat(verifier.failure()).isEmpty();
        assertThat(verifier.records()).isEqualTo(5);
        List<Map<String, Object>> lines = lines(file);
        assertThat(lines).extracting(l -> l.get("id")).containsExactly("a1", "a2", "a3", "b1", "b2");
        assertThat(lines).extracting(l -> l.get(HashChain.SEQ)).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(lines.get(0)).containsEntry(HashChain.PREV_HASH, HashChain.GENESIS);
        assertThat(Files.readString(file)).endsWith("\n");
        for (String line : Files.readAllLines(file)) {
            assertThat(line).isEqualTo(Json.canonical(Json.parse(line)));
        }
    }

    @Test
    void checkpointFileIsWrittenAndVerifiesWithTheKey() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        try (FileSink sink = new FileSink(file, false, KEY, 0, Duration.ZERO)) {
            sink.deliver(records("a", 4));
        }

        Checkpoint checkpoint = Checkpoint.fromJson(Files.readString(checkpointOf(file)));

        assertThat(checkpoint.isSignedWith(KEY)).isTrue();
        assertThat(checkpoint.isSignedWith("another-key-0123456789".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(checkpoint.seq()).isEqualTo(4);
        assertThat(checkpoint.hash()).isEqualTo(lines(file).get(3).get(HashChain.HASH));
        assertThat(Files.exists(dir.resolve("audit.jsonl.checkpoint.tmp"))).isFalse();
    }

    @Test
    void withinTheIntervalTheCheckpointWaitsForTheIdlePassAndThenVouchesForEveryRecord() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        try (FileSink sink = new FileSink(file, false, KEY, 0, Duration.ofHours(1))) {
            sink.deliver(records("a", 2));
            assertThat(Checkpoint.fromJson(Files.readString(checkpointOf(file))).seq()).as("the first batch's").isEqualTo(2);

            sink.deliver(records("b", 3));
            assertThat(Checkpoint.fromJson(Files.readString(checkpointOf(file))).seq()).as("not rewritten within the hour")
                    .isEqualTo(2);
            assertThat(verify(file, KEY).failure()).as("records past the checkpoint are chained, not vouched").isEmpty();

            sink.idle();
            Checkpoint caughtUp = Checkpoint.fromJson(Files.readString(checkpointOf(file)));
            assertThat(caughtUp.seq()).isEqualTo(5);
            assertThat(caughtUp.hash()).isEqualTo(lines(file).get(4).get(HashChain.HASH));
        }
        Files.write(file, Files.readAllLines(file).subList(0, 4));
        assertThat(verify(file, KEY).failure()).as("the idle pass's checkpoint catches a cut of the last record")
                .hasValueSatisfying(f -> assertThat(f).contains("truncated"));
    }

    @Test
    void closingWritesTheCheckpointTheIntervalHeldBack() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        try (FileSink sink = new FileSink(file, false, KEY, 0, Duration.ofHours(1))) {
            sink.deliver(records("a", 1));
            sink.deliver(records("b", 2));
        }
        assertThat(Checkpoint.fromJson(Files.readString(checkpointOf(file))).seq()).isEqualTo(3);
    }

    @Test
    void truncationAfterAWriteIsDetectedThroughTheCheckpoint() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        try (FileSink sink = new FileSink(file, false, KEY, 0, Duration.ZERO)) {
            sink.deliver(records("a", 4));
        }
        List<String> kept = Files.readAllLines(file).subList(0, 2);
        Files.write(file, kept);

        assertThat(verify(file, null).failure()).as("without the key").isEmpty();
        assertThat(verify(file, KEY).failure()).hasValueSatisfying(f -> assertThat(f).contains("truncated"));
    }

    @Test
    void aSecondSinkOnTheSameFileContinuesTheChain() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        try (FileSink sink = new FileSink(file, false, KEY, 0, Duration.ZERO)) {
            sink.deliver(records("a", 3));
        }
        String lastHash = (String) lines(file).get(2).get(HashChain.HASH);

        try (FileSink sink = new FileSink(file, false, KEY, 0, Duration.ZERO)) {
            sink.deliver(records("b", 2));
        }

        List<Map<String, Object>> lines = lines(file);
        assertThat(lines).hasSize(5);
        assertThat(lines.get(3)).containsEntry(HashChain.SEQ, 4L).containsEntry(HashChain.PREV_HASH, lastHash);
        assertThat(verify(file, KEY).failure()).isEmpty();
        assertThat(Checkpoint.fromJson(Files.readString(checkpointOf(file))).seq()).isEqualTo(5);
    }

    /** A record not in the outbox's canonical form (an older pack's, a hand-replayed one) takes the parsing path. */
    @Test
    void recordsOutsideTheCanonicalFormAreChainedAsTheirCanonicalForm() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        String spaced = "{ \"type\": \"LOGIN\", \"id\": \"s1\", \"time\": 1700000000000 }";
        String escapedId = "{\"id\":\"e\\u00e9\",\"type\":\"LOGIN\"}";
        try (FileSink sink = new FileSink(file, false, KEY, 0, Duration.ZERO)) {
            sink.deliver(List.of(record("a1"), spaced, escapedId, record("a2")));
            sink.deliver(List.of(spaced, record("a1"))); // duplicates recognised on either path
        }

        List<String> written = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(written).hasSize(4);
        assertThat(written.get(1)).isEqualTo(Json.canonical(HashChain.link(Json.parseObject(spaced), 2,
                (String) Json.parseObject(written.get(0)).get(HashChain.HASH))));
        assertThat(lines(file)).extracting(l -> l.get("id")).containsExactly("a1", "s1", "e\u00e9", "a2");
        assertThat(verify(file, KEY).failure()).isEmpty();
    }

    @Test
    void duplicateIdsAreNotWrittenTwice() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        try (FileSink sink = new FileSink(file, false, KEY, 0, Duration.ZERO)) {
            sink.deliver(records("a", 3));
            sink.deliver(List.of(record("a2"), record("a3"), record("c1")));
            sink.deliver(List.of(record("a1"))); // a whole batch already written: nothing to do
        }
        try (FileSink sink = new FileSink(file, false, KEY, 0, Duration.ZERO)) { // after a restart, the ids come from the file's tail
            sink.deliver(List.of(record("a1"), record("c1"), record("d1"), record("d1")));
        }

        assertThat(lines(file)).extracting(l -> l.get("id")).containsExactly("a1", "a2", "a3", "c1", "d1");
        assertThat(verify(file, KEY).failure()).isEmpty();
        assertThat(Checkpoint.fromJson(Files.readString(checkpointOf(file))).seq()).isEqualTo(5);
    }

    @Test
    void tornLastLineIsCutOnReopenAndTheChainContinues() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        List<String> batch = records("a", 3);
        try (FileSink sink = new FileSink(file, false, KEY, 0, Duration.ZERO)) {
            sink.deliver(batch.subList(0, 2));
        }
        String intact = Files.readString(file);
        String linkedThird = Json.canonical(HashChain.link(Json.parseObject(batch.get(2)), 3,
                (String) lines(file).get(1).get(HashChain.HASH)));
        Files.writeString(file, linkedThird.substring(0, linkedThird.length() / 2), StandardOpenOption.APPEND);

        try (FileSink sink = new FileSink(file, false, KEY, 0, Duration.ZERO)) {
            assertThat(Files.readString(file)).as("torn line cut on open").isEqualTo(intact);
            sink.deliver(batch); // the outbox delivers the torn batch again
            sink.deliver(records("b", 2));
        }

        assertThat(lines(file)).extracting(l -> l.get("id")).containsExactly("a1", "a2", "a3", "b1", "b2");
        ChainVerifier verifier = verify(file, KEY);
        assertThat(verifier.failure()).isEmpty();
        assertThat(verifier.records()).isEqualTo(5);
    }

    @Test
    void tornLineWithoutAnyCompleteLineIsCut() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        Files.writeString(file, "{\"id\":\"x\",\"se");

        try (FileSink sink = new FileSink(file, false, KEY, 0, Duration.ZERO)) {
            sink.deliver(records("a", 2));
        }

        assertThat(lines(file)).extracting(l -> l.get(HashChain.SEQ)).containsExactly(1L, 2L);
        assertThat(verify(file, KEY).failure()).isEmpty();
    }

    /**
     * Regression (found and fixed): FileSink#restoreFromTail computes the cut position as {@code start + lastNewline + 1} where lastNewline is a
     * char index in the decoded String, not a byte offset. With any non-ASCII character in the tail (a username
     * "José") the file is cut short, inside a good record, while lastSeq/lastHash are restored from the full tail; the
     * next records are appended after a now-torn line and the chain no longer verifies.
     */
    @Test
    void tornLastLineIsCutAtTheRightByteWhenTheTailHasNonAsciiText() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        try (FileSink sink = new FileSink(file, false, KEY, 0, Duration.ZERO)) {
            sink.deliver(List.of(record("a1", "Jos\u00e9"), record("a2", "\u5f20\u4f1f")));
        }
        String intact = Files.readString(file, StandardCharsets.UTF_8);
        Files.writeString(file, "{\"hash\":\"0123", StandardOpenOption.APPEND);

        String afterOpen;
        try (FileSink sink = new FileSink(file, false, KEY, 0, Duration.ZERO)) {
            afterOpen = Files.readString(file, StandardCharsets.UTF_8);
            sink.deliver(records("b", 2));
        }

        ChainVerifier verifier = verify(file, KEY);
        org.assertj.core.api.SoftAssertions.assertSoftly(soft -> {
            soft.assertThat(afterOpen).as("torn line cut on open at the right byte").isEqualTo(intact);
            soft.assertThat(verifier.failure()).as("chain after further writes").isEmpty();
            soft.assertThat(verifier.records()).isEqualTo(4);
        });
    }

    /**
     * Regression (found and fixed): FileSink#deliver remembers each record id before the write; when the write fails (DeliveryException,
     * retryable) the outbox retries the same batch, every id is then "already written", the batch is empty and deliver
     * returns normally, so the drainer deletes the outbox rows although nothing reached the file: records are lost.
     * (The write failure is provoked here by a closed channel; a full disk behaves the same.)
     */
    @Test
    void aFailedDeliveryIsNotReportedAsDeliveredOnRetry() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        FileSink sink = new FileSink(file, false, KEY, 0, Duration.ZERO);
        sink.close();
        List<String> batch = records("a", 2);

        assertThatThrownBy(() -> sink.deliver(batch)).isInstanceOf(AuditSink.DeliveryException.class)
                .matches(e -> ((AuditSink.DeliveryException) e).isRetryable(), "retryable");

        assertThatThrownBy(() -> sink.deliver(batch)).as("the retry must not silently succeed: nothing was written")
                .isInstanceOf(AuditSink.DeliveryException.class);
        assertThat(Files.size(file)).isZero();
    }

    @Test
    void manyBatchesAcrossReopensStillVerify() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        for (int round = 0; round < 5; round++) {
            try (FileSink sink = new FileSink(file, round % 2 == 0, KEY, 0, Duration.ZERO)) {
                for (int b = 0; b < 3; b++) {
                    sink.deliver(records("r" + round + "b" + b + "-", 7));
                }
            }
        }

        ChainVerifier verifier = verify(file, KEY);

        assertThat(verifier.failure()).isEmpty();
        assertThat(verifier.records()).isEqualTo(5 * 3 * 7);
    }

    @Test
    void aFullFileIsRotatedAndTheChainRunsOnAcrossSegmentsAndRestarts() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        long oneBatch = String.join("\n", records("x", 3)).length(); // a batch of 3 records fills more than this (chain fields)
        try (FileSink sink = new FileSink(file, false, KEY, oneBatch, Duration.ZERO)) {
            sink.deliver(records("a", 3)); // full: rotated after the batch
            sink.deliver(records("b", 3)); // rotated again
            sink.deliver(records("c", 1)); // not full yet
        }
        List<Path> segments = FileSegments.of(file);
        assertThat(segments).extracting(p -> p.getFileName().toString())
                .containsExactly("audit.jsonl.000000000003", "audit.jsonl.000000000006");
        assertThat(lines(segments.get(0))).extracting(l -> l.get("seq")).containsExactly(1L, 2L, 3L);
        assertThat(lines(file)).extracting(l -> l.get("seq")).containsExactly(7L);
        assertThat(lines(file).get(0).get("prev_hash")).as("the current file links to the last segment")
                .isEqualTo(lines(segments.get(1)).get(2).get("hash"));

        // rotated right before a restart: the empty file goes on from the newest segment, duplicates included
        try (FileSink sink = new FileSink(file, false, KEY, String.join("\n", records("x", 1)).length(), Duration.ZERO)) {
            sink.deliver(records("d", 1)); // rotates: the current file is empty now
        }
        try (FileSink sink = new FileSink(file, false, KEY, 0, Duration.ZERO)) {
            sink.deliver(List.of(record("d1"), record("e1"))); // d1 was written before the restart
        }
        assertThat(Files.size(FileSegments.of(file).get(2))).isPositive();
        assertThat(lines(file)).extracting(l -> l.get("id"), l -> l.get("seq")).containsExactly(org.assertj.core.groups.Tuple.tuple("e1", 9L));
        assertThat(Checkpoint.fromJson(Files.readString(checkpointOf(file))).seq()).isEqualTo(9);
    }
}
