package io.github.idgov.events;

import io.github.idgov.core.audit.CanonicalText;
import io.github.idgov.core.audit.HashChain;
import io.github.idgov.core.audit.Json;
import java.util.Map;

/**
 * A record as the file sink receives it, ready to be linked into the chain. The outbox stores records in canonical
 * form, so nearly every one is hashed and extended as text; anything else (a record of an older pack, one already
 * carrying chain fields) is parsed and written again, which yields the same line for a canonical record.
 */
final class ChainableRecord {

    private static final String ID = "id";

    private final String id;
    private final CanonicalText text;
    private final Map<String, Object> parsed;

    private ChainableRecord(String id, CanonicalText text, Map<String, Object> parsed) {
        this.id = id;
        this.text = text;
        this.parsed = parsed;
    }

    static ChainableRecord of(String record) {
        CanonicalText text = CanonicalText.of(record).filter(HashChain::unlinked).orElse(null);
        String id = text == null ? null : text.plainString(ID);
        if (id != null) {
            return new ChainableRecord(id, text, null);
        }
        Map<String, Object> parsed = Json.parseObject(record);
        return new ChainableRecord(String.valueOf(parsed.get(ID)), null, parsed);
    }

    String id() {
        return id;
    }

    HashChain.Linked link(long seq, String prevHash) {
        if (text != null) {
            return HashChain.link(text, seq, prevHash);
        }
        Map<String, Object> linked = HashChain.link(parsed, seq, prevHash);
        return new HashChain.Linked(Json.canonical(linked), (String) linked.get(HashChain.HASH));
    }
}
