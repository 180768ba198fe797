package io.github.idgov.authenticators.delegation;

import io.github.idgov.core.delegation.DelegatedLifetime;
import io.github.idgov.core.delegation.DelegationChain;
import io.github.idgov.core.delegation.DelegationContract;
import io.github.idgov.core.keycloak.ServerOptionDocs;
import io.github.idgov.core.keycloak.SpiOptions;
import java.util.List;
import java.util.Map;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.protocol.oidc.TokenExchangeProvider;
import org.keycloak.protocol.oidc.TokenExchangeProviderFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

/**
 * Token-exchange provider {@value DelegationContract#EXCHANGE_PROVIDER_ID}. Keycloak asks providers in descending
 * {@link #order()} and serves an exchange with the first whose {@code supports()} is true, so ordering above
 * Keycloak's own ({@code standard} 10, {@code default} 0) and claiming every ai-agent exchange of a governed realm
 * means such an exchange never falls through to another provider (the keycloak#52691 class of bypass).
 */
public final class AgentDelegationProviderFactory implements TokenExchangeProviderFactory, ServerInfoAwareProviderFactory {

    static final String SPI = "oauth2-token-exchange";
    static final int ORDER = 100;

    private DelegationSettings settings = DelegationSettings.defaults();

    @Override
    public TokenExchangeProvider create(KeycloakSession session) {
        return new AgentDelegationProvider(settings);
    }

    @Override
    public void init(Config.Scope config) {
        settings = DelegationSettings.from(new SpiOptions(config, SPI, getId()));
    }

    /** The server-wide options, also what bounds a person's login token into an agent's client. */
    DelegationSettings settings() {
        return settings;
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        // nothing to wire
    }

    @Override
    public void close() {
        // nothing held
    }

    @Override
    public String getId() {
        return DelegationContract.EXCHANGE_PROVIDER_ID;
    }

    @Override
    public int order() {
        return ORDER;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ServerOptionDocs.create()
                .number(DelegationSettings.MAX_TTL, DelegatedLifetime.DEFAULT_MAX_TTL_SECONDS,
                        "longest life in seconds of a delegated token, and of a person's login token into an agent's client (≥ 1)")
                .number(DelegationSettings.MAX_DEPTH, DelegationChain.DEFAULT_MAX_DEPTH,
                        "actors allowed in a delegation chain; 1 = an agent cannot re-delegate (≥ 1)")
                .build();
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return Map.of(DelegationSettings.MAX_TTL, String.valueOf(settings.maxTtlSeconds()),
                DelegationSettings.MAX_DEPTH, String.valueOf(settings.maxDepth()),
                "order", String.valueOf(ORDER));
    }
}
