package io.github.idgov.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HashChainTest {

    @Test
    void linkAddsTheChainFieldsWithoutMutatingTheInput() {
        Map<String, Object> record = AuditChains.record(1);
        Map<String, Object> before = new LinkedHashMap<>(record);
        String beforeCanonical = Json.canonical(record);

        Map<String, Object> linked = HashChain.link(record, 7, HashChain.GENESIS);

        assertThat(record).isEqualTo(before).doesNotContainKeys(HashChain.SEQ, HashChain.PREV_HASH, HashChain.HASH);
        assertThat(Json.canonical(record)).isEqualTo(beforeCanonical);
        assertThat(linked).isNotSameAs(record)
                .containsEntry(HashChain.SEQ, 7L)
                .containsEntry(HashChain.PREV_HASH, HashChain.GENESIS);
        assertThat((String) linked.get(HashChain.HASH)).matches("[0-9a-f]{64}");
        Map<String, Object> content = new LinkedHashMap<>(linked);
        content.keySet().removeAll(List.of(HashChain.SEQ, HashChain.PREV_HASH, HashChain.HASH));
        assertThat(content).isEqualTo(record);
    }

    @Test
    void genesisIsSixtyFourZeros() {
        assertThat(HashChain.GENESIS).hasSize(64).matches("0+");
    }

    @Test
    void expectedHashOfALinkedRecordIsItsHash() {
        Map<String, Object> linked = HashChain.link(AuditChains.record(3), 3, "ab".repeat(32));

        assertThat(HashChain.expectedHash(linked)).isEqualTo(linked.get(HashChain.HASH));
        // also after a trip through the file format
        assertThat(HashChain.expectedHash(Json.parseObject(Json.canonical(linked)))).isEqualTo(linked.get(HashChain.HASH));
    }

    @Test
    void hashIsSha256OfPrevHashNewlineCanonicalRecord() throws Exception {
        Map<String, Object> record = Map.of("id", "x", "n", 1L);
        java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
        String expected = java.util.HexFormat.of().formatHex(
                sha.digest((HashChain.GENESIS + "\n" + "{\"id\":\"x\",\"n\":1}").getBytes(java.nio.charset.StandardCharsets.UTF_8)));

        assertThat(HashChain.link(record, 1, HashChain.GENESIS).get(HashChain.HASH)).isEqualTo(expected);
    }

    @Test
    void existingChainFieldsInTheInputAreReplaced() {
        Map<String, Object> record = new LinkedHashMap<>(AuditChains.record(1));
        Map<String, Object> clean = HashChain.link(record, 1, HashChain.GENESIS);
        record.put(HashChain.SEQ, 99L);
        record.put(HashChain.PREV_HASH, "f".repeat(64));
        record.put(HashChain.HASH, "e".repeat(64));

        Map<String, Object> relinked = HashChain.link(record, 1, HashChain.GENESIS);

        assertThat(relinked).isEqualTo(clean);
    }

    @Test
    void hashChangesWhenAnyFieldChanges() {
        Map<String, Object> base = AuditChains.record(2);
        String hash = hash(base, 2, HashChain.GENESIS);

        for (String key : base.keySet()) {
            Map<String, Object> changed = new LinkedHashMap<>(base);
            changed.put(key, "changed");
            assertThat(hash(changed, 2, HashChain.GENESIS)).as("field %s changed", key).isNotEqualTo(hash);

            Map<String, Object> removed = new LinkedHashMap<>(base);
            removed.remove(key);
            assertThat(hash(removed, 2, HashChain.GENESIS)).as("field %s removed", key).isNotEqualTo(hash);
        }
        Map<String, Object> nested = new LinkedHashMap<>(base);
        Map<String, Object> principal = new LinkedHashMap<>(castMap(base.get("principal")));
        principal.put("username", "mallory");
        nested.put("principal", principal);
        assertThat(hash(nested, 2, HashChain.GENESIS)).as("nested field changed").isNotEqualTo(hash);

        Map<String, Object> added = new LinkedHashMap<>(base);
        added.put("extra", null);
        assertThat(hash(added, 2, HashChain.GENESIS)).as("null field added").isNotEqualTo(hash);

        Map<String, Object> retyped = new LinkedHashMap<>(base);
        retyped.put("time", String.valueOf(base.get("time")));
        assertThat(hash(retyped, 2, HashChain.GENESIS)).as("number turned into a string").isNotEqualTo(hash);

        assertThat(hash(base, 2, "1".repeat(64))).as("prev_hash changed").isNotEqualTo(hash);
    }

    @Test
    void keyOrderOfTheInputDoesNotChangeTheHash() {
        Map<String, Object> base = AuditChains.record(5);
        List<String> keys = new ArrayList<>(base.keySet());
        Collections.reverse(keys);
        Map<String, Object> reordered = new LinkedHashMap<>();
        keys.forEach(k -> reordered.put(k, base.get(k)));

        assertThat(hash(reordered, 5, HashChain.GENESIS)).isEqualTo(hash(base, 5, HashChain.GENESIS));
        assertThat(hash(new java.util.TreeMap<>(base), 5, HashChain.GENESIS)).isEqualTo(hash(base, 5, HashChain.GENESIS));
    }

    @Test
    void seqIsNotPartOfTheHashButTheChainBindsIt() {
        // The hash covers prev_hash + content; seq is checked by the verifier, not the hash.
        Map<String, Object> base = AuditChains.record(1);
        assertThat(hash(base, 1, HashChain.GENESIS)).isEqualTo(hash(base, 2, HashChain.GENESIS));
    }

    private static String hash(Map<String, Object> record, long seq, String prev) {
        return (String) HashChain.link(record, seq, prev).get(HashChain.HASH);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object value) {
        return (Map<String, Object>) value;
    }
}
