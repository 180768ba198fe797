package io.github.idgov.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChainVerifierTest {

    private static final byte[] KEY = "a-checkpoint-key-of-enough-length".getBytes(StandardCharsets.UTF_8);
    private static final int N = 10;

    @Test
    void validChainVerifies() {
        List<String> lines = AuditChains.lines(N);

        ChainVerifier verifier = AuditChains.verify(lines);

        assertThat(verifier.failure()).isEmpty();
        assertThat(verifier.finish()).isTrue();
        assertThat(verifier.records()).isEqualTo(N);
        assertThat(verifier.lastHash()).isEqualTo(AuditChains.hashOf(lines.get(N - 1)));
    }

    @Test
    void emptyChainVerifies() {
        ChainVerifier verifier = AuditChains.verify(List.of());

        assertThat(verifier.failure()).isEmpty();
        assertThat(verifier.records()).isZero();
        assertThat(verifier.lastHash()).isEqualTo(HashChain.GENESIS);
    }

    @Test
    void validChainVerifiesWithACheckpointAtItsEndOrInside() {
        List<String> lines = AuditChains.lines(N);
        Checkpoint atEnd = Checkpoint.sign(N, AuditChains.hashOf(lines.get(N - 1)), 1, KEY);
        Checkpoint inside = Checkpoint.sign(4, AuditChains.hashOf(lines.get(3)), 1, KEY);

        assertThat(AuditChains.verify(new ChainVerifier(atEnd, KEY), lines).failure()).isEmpty();
        assertThat(AuditChains.verify(new ChainVerifier(inside, KEY), lines).failure())
                .as("the chain may grow after its last checkpoint").isEmpty();
    }

    @Test
    void editedValueIsDetectedAtItsLine() {
        List<String> lines = new ArrayList<>(AuditChains.lines(N));
        lines.set(4, lines.get(4).replace("\"user5\"", "\"mallory\""));

        assertThat(failure(lines)).startsWith("line 5 ").contains("record edited");
    }

    @Test
    void editedChainFieldsAreDetected() {
        List<String> lines = new ArrayList<>(AuditChains.lines(N));
        Map<String, Object> r = Json.parseObject(lines.get(2));
        r.put(HashChain.HASH, "0".repeat(64));
        lines.set(2, Json.canonical(r));

        assertThat(failure(lines)).startsWith("line 3 ");
    }

    @Test
    void deletedLineIsDetected() {
        List<String> lines = new ArrayList<>(AuditChains.lines(N));
        lines.remove(6);

        assertThat(failure(lines)).startsWith("line 7: seq 8 where 7 was expected");
    }

    @Test
    void deletedFirstLineIsDetected() {
        List<String> lines = new ArrayList<>(AuditChains.lines(N));
        lines.remove(0);

        assertThat(failure(lines)).startsWith("line 1: seq 2 where 1 was expected");
    }

    @Test
    void duplicatedLineIsDetected() {
        List<String> lines = new ArrayList<>(AuditChains.lines(N));
        lines.add(3, lines.get(3));

        assertThat(failure(lines)).startsWith("line 5: seq 4 where 5 was expected");
    }

    @Test
    void swappedLinesAreDetected() {
        List<String> lines = new ArrayList<>(AuditChains.lines(N));
        Collections.swap(lines, 2, 3);

        assertThat(failure(lines)).startsWith("line 3: seq 4 where 3 was expected");
    }

    @Test
    void renumberedInsertionIsDetectedByPrevHash() {
        // an attacker inserts a forged record with the right seq but cannot know what prev_hash the next one needs
        List<String> lines = new ArrayList<>(AuditChains.lines(3));
        Map<String, Object> forged = HashChain.link(AuditChains.record(99), 2, AuditChains.hashOf(lines.get(0)));
        List<String> tampered = new ArrayList<>(List.of(lines.get(0), Json.canonical(forged)));
        for (int i = 1; i < lines.size(); i++) {
            Map<String, Object> r = Json.parseObject(lines.get(i));
            r.put(HashChain.SEQ, (long) i + 2);
            tampered.add(Json.canonical(r));
        }

        assertThat(failure(tampered)).startsWith("line 3 (seq 3): prev_hash does not match");
    }

    @Test
    void truncatedTailIsDetectedWithACheckpoint() {
        List<String> lines = AuditChains.lines(N);
        Checkpoint checkpoint = Checkpoint.sign(N, AuditChains.hashOf(lines.get(N - 1)), 1, KEY);

        ChainVerifier verifier = new ChainVerifier(checkpoint, KEY);
        for (String line : lines.subList(0, N - 2)) {
            assertThat(verifier.accept(line)).isTrue();
        }

        assertThat(verifier.finish()).isFalse();
        assertThat(verifier.failure()).hasValueSatisfying(f -> assertThat(f)
                .contains("ends at seq " + (N - 2)).contains("seq " + N).contains("truncated"));
    }

    @Test
    void truncatedTailIsNotDetectableWithoutACheckpoint() {
        assertThat(AuditChains.verify(AuditChains.lines(N).subList(0, N - 2)).failure()).isEmpty();
    }

    @Test
    void rewrittenChainIsDetectedAtTheCheckpointedRecord() {
        // The whole chain recomputed from an edited record 2 on: every hash is consistent, only the checkpoint knows.
        List<String> lines = AuditChains.lines(5);
        Checkpoint checkpoint = Checkpoint.sign(5, AuditChains.hashOf(lines.get(4)), 1, KEY);
        List<String> forged = new ArrayList<>();
        String prev = HashChain.GENESIS;
        for (int i = 1; i <= 5; i++) {
            Map<String, Object> r = AuditChains.record(i);
            if (i == 2) {
                r.put("outcome", "success-forged");
            }
            Map<String, Object> linked = HashChain.link(r, i, prev);
            prev = (String) linked.get(HashChain.HASH);
            forged.add(Json.canonical(linked));
        }
        assertThat(AuditChains.verify(forged).failure()).as("self-consistent without checkpoint").isEmpty();

        ChainVerifier verifier = AuditChains.verify(new ChainVerifier(checkpoint, KEY), forged);

        assertThat(verifier.failure()).hasValueSatisfying(f -> assertThat(f)
                .startsWith("line 5 (seq 5)").contains("checkpoint"));
    }

    @Test
    void checkpointSignedWithAnotherKeyIsRejected() {
        List<String> lines = AuditChains.lines(N);
        Checkpoint checkpoint = Checkpoint.sign(N, AuditChains.hashOf(lines.get(N - 1)), 1,
                "another-key-entirely-0000".getBytes(StandardCharsets.UTF_8));

        ChainVerifier verifier = new ChainVerifier(checkpoint, KEY);

        assertThat(verifier.accept(lines.get(0))).isFalse();
        assertThat(verifier.finish()).isFalse();
        assertThat(verifier.failure()).hasValueSatisfying(f -> assertThat(f).contains("checkpoint signature"));
    }

    @Test
    void garbageLineIsDetected() {
        List<String> lines = new ArrayList<>(AuditChains.lines(N));
        lines.set(5, "this is not json");

        assertThat(failure(lines)).startsWith("line 6: not a JSON record");
    }

    @Test
    void tornLastLineIsDetected() {
        List<String> lines = new ArrayList<>(AuditChains.lines(N));
        String last = lines.get(N - 1);
        lines.set(N - 1, last.substring(0, last.length() / 2));

        assertThat(failure(lines)).startsWith("line " + N + ": not a JSON record");
    }

    @Test
    void blankLineAndNonObjectLinesAreDetected() {
        for (String bad : List.of("", "[]", "42", "{}")) {
            List<String> lines = new ArrayList<>(AuditChains.lines(3));
            lines.add(1, bad);
            assertThat(failure(lines)).as("inserted %s", bad).startsWith("line 2");
        }
    }

    @Test
    void seqOfTheWrongTypeIsDetected() {
        List<String> lines = new ArrayList<>(AuditChains.lines(2));
        lines.set(0, lines.get(0).replace("\"seq\":1", "\"seq\":\"1\""));

        assertThat(failure(lines)).startsWith("line 1: seq 1 where 1 was expected");
    }

    @Test
    void verifierStopsAtTheFirstFailure() {
        List<String> lines = new ArrayList<>(AuditChains.lines(N));
        lines.set(1, "garbage");
        ChainVerifier verifier = new ChainVerifier();

        assertThat(verifier.accept(lines.get(0))).isTrue();
        assertThat(verifier.accept(lines.get(1))).isFalse();
        assertThat(verifier.accept(lines.get(2))).isFalse();
        assertThat(verifier.failure()).hasValueSatisfying(f -> assertThat(f).startsWith("line 2:"));
        assertThat(verifier.records()).isEqualTo(1);
    }

    @Test
    void reformattedButEquivalentLineStillVerifies() {
        // The hash covers the canonical form: whitespace and key order in the file are not evidence of tampering.
        List<String> lines = new ArrayList<>(AuditChains.lines(3));
        Map<String, Object> r = Json.parseObject(lines.get(1));
        List<String> keys = new ArrayList<>(r.keySet());
        Collections.reverse(keys);
        StringBuilder pretty = new StringBuilder("{ ");
        for (String k : keys) {
            pretty.append(pretty.length() > 2 ? " , " : "").append(Json.canonical(k)).append(" : ").append(Json.canonical(r.get(k)));
        }
        lines.set(1, pretty.append(" }").toString());

        assertThat(AuditChains.verify(lines).failure()).isEmpty();
    }

    private static String failure(List<String> lines) {
        ChainVerifier verifier = AuditChains.verify(lines);
        assertThat(verifier.failure()).as("tampering must be detected").isPresent();
        return verifier.failure().get();
    }

    static Map<String, Object> copy(Map<String, Object> map) {
        return new LinkedHashMap<>(map);
    }
}
