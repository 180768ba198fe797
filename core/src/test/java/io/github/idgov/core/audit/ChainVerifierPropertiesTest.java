package io.github.idgov.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class ChainVerifierPropertiesTest {

    private static final int N = 8;
    private static final List<String> CHAIN = AuditChains.lines(N);
    private static final byte[] KEY = "property-checkpoint-key".getBytes(StandardCharsets.UTF_8);

    @Provide
    Arbitrary<String> replacements() {
        return Arbitraries.strings().all().ofMaxLength(20);
    }

    /** Any textual edit of one line that changes what the line means is detected at that line. */
    @Property(tries = 1000)
    void anySingleLineEditIsDetected(@ForAll @IntRange(min = 0, max = N - 1) int index,
                                     @ForAll @IntRange(min = 0, max = 400) int from,
                                     @ForAll @IntRange(min = 0, max = 20) int length,
                                     @ForAll("replacements") String replacement) {
        String line = CHAIN.get(index);
        int start = Math.min(from, line.length());
        int end = Math.min(start + length, line.length());
        String edited = line.substring(0, start) + replacement + line.substring(end);
        Assume.that(!sameMeaning(line, edited));
        List<String> lines = new ArrayList<>(CHAIN);
        lines.set(index, edited);

        ChainVerifier verifier = AuditChains.verify(lines);

        assertThat(verifier.failure()).hasValueSatisfying(f -> assertThat(f).startsWith("line " + (index + 1)));
    }

    /** Any change of one value of one record (content or chain field) is detected at that line. */
    @Property(tries = 500)
    void anyChangedValueIsDetected(@ForAll @IntRange(min = 0, max = N - 1) int index,
                                   @ForAll @IntRange(min = 0, max = 50) int keyIndex,
                                   @ForAll("newValues") Object newValue) {
        Map<String, Object> record = Json.parseObject(CHAIN.get(index));
        List<String> keys = new ArrayList<>(record.keySet());
        String key = keys.get(keyIndex % keys.size());
        Assume.that(!java.util.Objects.equals(record.get(key), newValue));
        record.put(key, newValue);
        List<String> lines = new ArrayList<>(CHAIN);
        lines.set(index, Json.canonical(record));

        ChainVerifier verifier = AuditChains.verify(lines);

        assertThat(verifier.failure()).hasValueSatisfying(f -> assertThat(f).startsWith("line " + (index + 1)));
    }

    @Provide
    Arbitrary<Object> newValues() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(10).map(s -> (Object) s),
                Arbitraries.longs().between(-5, 20).map(l -> (Object) l),
                Arbitraries.of(true, false).map(b -> (Object) b),
                Arbitraries.just(null));
    }

    /** Cutting any number of records off the tail is detected when a checkpoint vouches for the last one. */
    @Property(tries = 50)
    void anyTruncationIsDetectedWithTheCheckpoint(@ForAll @IntRange(min = 1, max = N) int removed) {
        Checkpoint checkpoint = Checkpoint.sign(N, AuditChains.hashOf(CHAIN.get(N - 1)), 0, KEY);

        ChainVerifier verifier = AuditChains.verify(new ChainVerifier(checkpoint, KEY), CHAIN.subList(0, N - removed));

        assertThat(verifier.failure()).hasValueSatisfying(f -> assertThat(f).contains("truncated"));
    }

    private static boolean sameMeaning(String original, String edited) {
        try {
            return Json.canonical(Json.parse(edited)).equals(Json.canonical(Json.parse(original)));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
