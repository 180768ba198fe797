package io.github.idgov.admin.approval;

import io.github.idgov.core.delegation.ApprovalContract;
import io.github.idgov.core.delegation.DelegatedLifetime;
import io.github.idgov.core.keycloak.GatedEvents;
import io.github.idgov.core.keycloak.ServerOptionDocs;
import io.github.idgov.core.keycloak.SpiOptions;
import io.github.idgov.core.keycloak.StatelessProviderFactory;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ServerInfoAwareProviderFactory;
import org.keycloak.services.clientpolicy.ClientPolicyEvent;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProviderFactory;

/**
 * Client-policy executor {@value ApprovalContract#APPROVAL_GATE_ID}, installed with the pack's client profile. Option
 * {@code --spi-client-policy-executor--idgov-agent-approval-gate--max-ttl-seconds} (default 300): longest life of a
 * token issued on an approval.
 */
public final class ApprovalGateFactory implements ClientPolicyExecutorProviderFactory, ServerInfoAwareProviderFactory,
        StatelessProviderFactory<ClientPolicyExecutorProvider>, GatedEvents {

    static final String SPI = "client-policy-executor";

    private int maxTtlSeconds = DelegatedLifetime.DEFAULT_MAX_TTL_SECONDS;

    @Override
    public ClientPolicyExecutorProvider create(KeycloakSession session) {
        return new ApprovalGate(session, maxTtlSeconds);
    }

    @Override
    public void init(Config.Scope config) {
        maxTtlSeconds = new SpiOptions(config, SPI, getId()).intAtLeast(ApprovalContract.MAX_TTL_OPTION,
                DelegatedLifetime.DEFAULT_MAX_TTL_SECONDS, 1);
    }

    @Override
    public Set<ClientPolicyEvent> gatedEvents(KeycloakSessionFactory factory) {
        return ApprovalGate.EVENTS;
    }

    @Override
    public String getId() {
        return ApprovalContract.APPROVAL_GATE_ID;
    }

    @Override
    public String getHelpText() {
        return "Identity governance: CIBA approvals of ai-agent actions (request checks, single use, delegated token shape).";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ServerOptionDocs.create()
                .number(ApprovalContract.MAX_TTL_OPTION, DelegatedLifetime.DEFAULT_MAX_TTL_SECONDS,
                        "longest life in seconds of a token issued to an agent on a person's approval (CIBA) (≥ 1)")
                .build();
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return Map.of(ApprovalContract.MAX_TTL_OPTION, String.valueOf(maxTtlSeconds));
    }
}
