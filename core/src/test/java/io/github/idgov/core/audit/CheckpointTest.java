package io.github.idgov.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CheckpointTest {

    private static final byte[] KEY = "0123456789abcdef-checkpoint".getBytes(StandardCharsets.UTF_8);
    private static final byte[] OTHER_KEY = "0123456789abcdef-checkpoinT".getBytes(StandardCharsets.UTF_8);
    private static final String HASH = "ab".repeat(32);

    @Test
    void signedCheckpointVerifiesOnlyWithItsKey() {
        Checkpoint checkpoint = Checkpoint.sign(42, HASH, 1_700_000_000_000L, KEY);

        assertThat(checkpoint.mac()).matches("[0-9a-f]{64}");
        assertThat(checkpoint.isSignedWith(KEY)).isTrue();
        assertThat(checkpoint.isSignedWith(OTHER_KEY)).isFalse();
    }

    @Test
    void anyChangedFieldBreaksTheSignature() {
        Checkpoint c = Checkpoint.sign(42, HASH, 1000, KEY);

        assertThat(new Checkpoint(43, c.hash(), c.time(), c.mac()).isSignedWith(KEY)).isFalse();
        assertThat(new Checkpoint(c.seq(), "cd".repeat(32), c.time(), c.mac()).isSignedWith(KEY)).isFalse();
        assertThat(new Checkpoint(c.seq(), c.hash(), 1001, c.mac()).isSignedWith(KEY)).isFalse();
    }

    @Test
    void macComparisonIsExact() {
        Checkpoint c = Checkpoint.sign(1, HASH, 1000, KEY);
        String mac = c.mac();
        char last = mac.charAt(mac.length() - 1);
        String lastFlipped = mac.substring(0, mac.length() - 1) + (last == '0' ? '1' : '0');

        assertThat(new Checkpoint(1, HASH, 1000, lastFlipped).isSignedWith(KEY)).isFalse();
        assertThat(new Checkpoint(1, HASH, 1000, mac.substring(0, 63)).isSignedWith(KEY)).as("prefix").isFalse();
        assertThat(new Checkpoint(1, HASH, 1000, mac + "0").isSignedWith(KEY)).as("longer").isFalse();
        assertThat(new Checkpoint(1, HASH, 1000, "").isSignedWith(KEY)).as("empty").isFalse();
        assertThat(new Checkpoint(1, HASH, 1000, mac.toUpperCase()).isSignedWith(KEY)).as("upper case hex")
                .isEqualTo(mac.equals(mac.toUpperCase()));
    }

    @Test
    void macComparisonUsesTheConstantTimeCompare() throws Exception {
        // Timing cannot be asserted in a unit test; guard the source so the constant-time path is not replaced
        // by String.equals. Maven runs the tests with the module directory as working directory.
        Path source = Path.of("src/main/java/io/github/idgov/core/audit/Checkpoint.java");
        String text = Files.readString(source);
        String method = text.substring(text.indexOf("public boolean isSignedWith"));
        method = method.substring(0, method.indexOf("\n    }"));

        assertThat(method).contains("MessageDigest.isEqual(").doesNotContain(".equals(");
    }

    @Test
    void jsonRoundTrip() {
        Checkpoint checkpoint = Checkpoint.sign(Long.MAX_VALUE / 1_000_000, HASH, 1_700_000_000_123L, KEY);

        String json = checkpoint.toJson();
        Checkpoint back = Checkpoint.fromJson(json);

        assertThat(json).isEqualTo(Json.canonical(Json.parse(json))).doesNotContain(" ").startsWith("{\"hash\":");
        assertThat(back).isEqualTo(checkpoint);
        assertThat(back.isSignedWith(KEY)).isTrue();
        assertThat(Checkpoint.fromJson(" " + json + "\n")).isEqualTo(checkpoint);
    }

    /**
     * Regression (found and fixed): Checkpoint.fromJson casts and unboxes without checking, so a checkpoint file missing a field or with a
     * field of the wrong type throws NullPointerException / ClassCastException instead of IllegalArgumentException
     * (and AuditVerify.run, which only catches IOException and IllegalArgumentException, crashes on it).
     */
    @Test
    void malformedCheckpointJsonIsRejectedWithIllegalArgumentException() {
        String hash = "\"" + HASH + "\"";
        for (String text : new String[] {
                "{}",
                "{\"seq\":1,\"hash\":" + hash + ",\"time\":1}",
                "{\"seq\":\"1\",\"hash\":" + hash + ",\"time\":1,\"mac\":\"00\"}",
                "{\"seq\":1,\"hash\":5,\"time\":1,\"mac\":\"00\"}",
                "[]", "", "not json"}) {
            assertThatThrownBy(() -> Checkpoint.fromJson(text)).as(text).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
