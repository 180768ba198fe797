package io.github.idgov.authenticators.delegation;

import io.github.idgov.core.delegation.DelegatedLifetime;
import io.github.idgov.core.delegation.DelegationChain;
import io.github.idgov.core.keycloak.SpiOptions;

/**
 * Server-wide options of the delegation provider ({@code --spi-oauth2-token-exchange--idgov-agent-delegation--<option>}).
 *
 * @param maxTtlSeconds longest life of a delegated token (it never outlives its subject token either)
 * @param maxDepth      actors allowed in a chain; 1 = an agent acts for a person and cannot re-delegate
 */
record DelegationSettings(int maxTtlSeconds, int maxDepth) {

    static final String MAX_TTL = "max-ttl-seconds";
    static final String MAX_DEPTH = "max-depth";

    static DelegationSettings defaults() {
        return new DelegationSettings(DelegatedLifetime.DEFAULT_MAX_TTL_SECONDS, DelegationChain.DEFAULT_MAX_DEPTH);
    }

    static DelegationSettings from(SpiOptions options) {
        return new DelegationSettings(options.intAtLeast(MAX_TTL, DelegatedLifetime.DEFAULT_MAX_TTL_SECONDS, 1),
                options.intAtLeast(MAX_DEPTH, DelegationChain.DEFAULT_MAX_DEPTH, 1));
    }
}
