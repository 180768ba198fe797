package io.github.idgov.authenticators.credentials;

import io.github.idgov.core.credentials.CredentialPolicy;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The policies of the stored configurations this server has seen, by configuration content. Keycloak hands the
 * executor its configuration again for every client-policy event (several per token request); parsing it each
 * time was most of the executor's cost. Realms hold one configuration each, so the map stays small; past its bound
 * it starts over rather than grow (a parse is only a cost, never a change of outcome).
 */
final class ParsedPolicies {

    private static final int MAX_ENTRIES = 256;

    private final Map<Map<String, Object>, CredentialPolicy> policies = new ConcurrentHashMap<>();

    CredentialPolicy of(Map<String, Object> config, Function<Map<String, Object>, CredentialPolicy> parse) {
        if (config == null) {
            return parse.apply(null);
        }
        CredentialPolicy cached = policies.get(config);
        if (cached != null) {
            return cached;
        }
        CredentialPolicy parsed = parse.apply(config);
        if (policies.size() >= MAX_ENTRIES) {
            policies.clear();
        }
        policies.put(Collections.unmodifiableMap(new HashMap<>(config)), parsed);
        return parsed;
    }
}
