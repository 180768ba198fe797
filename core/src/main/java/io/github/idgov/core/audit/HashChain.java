package io.github.idgov.core.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tamper evidence for sinks that chain: each record carries {@code seq}, {@code prev_hash} and
 * {@code hash = SHA-256(prev_hash + "\n" + canonical record without the three chain fields)}.
 */
public final class HashChain {

    public static final String SEQ = "seq";
    public static final String PREV_HASH = "prev_hash";
    public static final String HASH = "hash";
    /** prev_hash of the first record of a chain. */
    public static final String GENESIS = "0".repeat(64);

    private HashChain() {
    }

    /** The record with its chain fields; the input is not modified. */
    public static Map<String, Object> link(Map<String, Object> record, long seq, String prevHash) {
        Map<String, Object> linked = new LinkedHashMap<>(record);
        linked.remove(SEQ);
        linked.remove(PREV_HASH);
        linked.remove(HASH);
        String hash = hash(prevHash, Json.canonical(linked));
        linked.put(SEQ, seq);
        linked.put(PREV_HASH, prevHash);
        linked.put(HASH, hash);
        return linked;
    }

    /** A record's line in the chain and the hash the next record links to. */
    public record Linked(String line, String hash) {
    }

    /** True when the record carries none of the chain's fields (the fast {@link #link(CanonicalText, long, String)} applies). */
    public static boolean unlinked(CanonicalText record) {
        return !record.has(SEQ) && !record.has(PREV_HASH) && !record.has(HASH);
    }

    /**
     * The same line and hash as {@code Json.canonical(link(parse(text), seq, prevHash))}, from the canonical text itself:
     * no parse, no second serialisation.
     */
    public static Linked link(CanonicalText record, long seq, String prevHash) {
        if (!unlinked(record)) {
            throw new IllegalArgumentException("the record already carries chain fields");
        }
        String hash = hash(prevHash, record.text());
        String line = record.with(List.of(HASH, PREV_HASH, SEQ),
                List.of(Json.canonical(hash), Json.canonical(prevHash), Long.toString(seq)));
        return new Linked(line, hash);
    }

    /** The hash a linked record must carry, recomputed from its content. */
    public static String expectedHash(Map<String, Object> linked) {
        Map<String, Object> content = new LinkedHashMap<>(linked);
        Object prev = content.remove(PREV_HASH);
        content.remove(SEQ);
        content.remove(HASH);
        return hash(String.valueOf(prev), Json.canonical(content));
    }

    static String hash(String prevHash, String canonicalRecord) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(prevHash.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) '\n');
            digest.update(canonicalRecord.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
