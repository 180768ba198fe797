package io.github.idgov.core.audit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds valid chained audit files (as lines) for the tests. */
final class AuditChains {

    private AuditChains() {
    }

    static Map<String, Object> record(int i) {
        Map<String, Object> principal = new LinkedHashMap<>();
        principal.put("id", "user-" + i);
        principal.put("username", "user" + i);
        principal.put("class", i % 2 == 0 ? "human" : "ai-agent");
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("id", "rec-" + i);
        record.put("time", 1_700_000_000_000L + i);
        record.put("realm", "acme");
        record.put("source", "user");
        record.put("type", "LOGIN");
        record.put("outcome", i % 3 == 0 ? "failure" : "success");
        record.put("principal", principal);
        record.put("details", Map.of("n", (long) i, "tags", List.of("a", "b")));
        return record;
    }

    /** The lines of a valid chain of n records. */
    static List<String> lines(int n) {
        List<String> lines = new ArrayList<>();
        String prev = HashChain.GENESIS;
        for (int i = 1; i <= n; i++) {
            Map<String, Object> linked = HashChain.link(record(i), i, prev);
            prev = (String) linked.get(HashChain.HASH);
            lines.add(Json.canonical(linked));
        }
        return lines;
    }

    static String hashOf(String line) {
        return (String) Json.parseObject(line).get(HashChain.HASH);
    }

    static ChainVerifier verify(List<String> lines) {
        return verify(new ChainVerifier(), lines);
    }

    static ChainVerifier verify(ChainVerifier verifier, List<String> lines) {
        for (String line : lines) {
            if (!verifier.accept(line)) {
                break;
            }
        }
        verifier.finish();
        return verifier;
    }
}
