package io.github.idgov.core.audit;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A signed statement of how far a chain reached: {@code seq} and {@code hash} of its last record, HMAC-SHA256
 * with the operator's key. Kept beside the chain, it turns a truncated tail into a detectable gap.
 */
public record Checkpoint(long seq, String hash, long time, String mac) {

    public static Checkpoint sign(long seq, String hash, long time, byte[] key) {
        return new Checkpoint(seq, hash, time, mac(seq, hash, time, key));
    }

    public boolean isSignedWith(byte[] key) {
        return MessageDigest.isEqual(mac.getBytes(StandardCharsets.US_ASCII),
                mac(seq, hash, time, key).getBytes(StandardCharsets.US_ASCII));
    }

    public String toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("seq", seq);
        json.put("hash", hash);
        json.put("time", time);
        json.put("mac", mac);
        return Json.canonical(json);
    }

    /** Parses a checkpoint; a damaged one is an IllegalArgumentException naming the bad field. */
    public static Checkpoint fromJson(String text) {
        Map<String, Object> json = Json.parseObject(text);
        return new Checkpoint(number(json, "seq"), string(json, "hash"), number(json, "time"), string(json, "mac"));
    }

    private static long number(Map<String, Object> json, String field) {
        if (json.get(field) instanceof Long value) {
            return value;
        }
        throw new IllegalArgumentException("checkpoint field '" + field + "' is missing or not an integer");
    }

    private static String string(Map<String, Object> json, String field) {
        if (json.get(field) instanceof String value && !value.isEmpty()) {
            return value;
        }
        throw new IllegalArgumentException("checkpoint field '" + field + "' is missing or not a string");
    }

    private static String mac(long seq, String hash, long time, byte[] key) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(hmac.doFinal((seq + "\n" + hash + "\n" + time).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable or key unusable", e);
        }
    }
}
