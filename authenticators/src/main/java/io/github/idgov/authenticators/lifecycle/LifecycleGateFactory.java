package io.github.idgov.authenticators.lifecycle;

import io.github.idgov.authenticators.GovernanceExecutorFactory;
import io.github.idgov.core.AttributeValue;
import io.github.idgov.core.GovernanceAttribute;
import io.github.idgov.core.GovernanceContract;
import io.github.idgov.core.IdentityClass;
import io.github.idgov.core.LifecyclePolicy;
import io.github.idgov.core.LifecyclePolicySource;
import io.github.idgov.core.LifecycleSettings;
import io.github.idgov.core.RiskTier;
import io.github.idgov.core.keycloak.ServerOptionDocs;
import io.github.idgov.core.keycloak.SpiOptions;
import java.time.Clock;
import java.util.LinkedHashMap;
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

/**
 * Client-policy executor {@value #ID}: the token-time lifecycle gate. Installed into a realm's client policies
 * (condition {@code idgov-gated-events}) when governance is switched on. Review cadence and grace are server-wide SPI
 * options ({@code --spi-client-policy-executor--idgov-lifecycle-gate--<option>}); a bad value fails start-up.
 */
public final class LifecycleGateFactory implements GovernanceExecutorFactory, ServerInfoAwareProviderFactory,
        LifecyclePolicySource {

    public static final String ID = GovernanceContract.LIFECYCLE_GATE_ID;
    static final String SPI = "client-policy-executor";
    static final String CADENCE_PREFIX = "review-cadence-days-";
    static final String CLASS_GRACE_PREFIX = "review-grace-days-";
    static final String TIER_GRACE_PREFIX = "review-grace-days-risk-";

    private LifecyclePolicy policy = new LifecyclePolicy(LifecycleSettings.defaults());

    @Override
    public ClientPolicyExecutorProvider create(KeycloakSession session) {
        return new LifecycleGate(session, policy, Clock.systemUTC());
    }

    @Override
    public void init(Config.Scope config) {
        policy = new LifecyclePolicy(settings(new SpiOptions(config, SPI, ID)));
    }

    /** Reads every option; the first bad one fails start-up, named as the administrator wrote it. */
    static LifecycleSettings settings(SpiOptions options) {
        LifecycleSettings.Builder builder = LifecycleSettings.builder();
        for (IdentityClass identityClass : IdentityClass.values()) {
            builder.cadenceDays(identityClass, options.intAtLeast(CADENCE_PREFIX + identityClass.value(),
                    LifecycleSettings.defaultCadenceDays(identityClass), 1));
            builder.graceDays(identityClass, options.nonNegativeInt(CLASS_GRACE_PREFIX + identityClass.value(),
                    LifecycleSettings.defaultGraceDays(identityClass)));
        }
        for (RiskTier tier : RiskTier.values()) {
            builder.graceDays(tier, options.nonNegativeInt(TIER_GRACE_PREFIX + tier.value(), LifecycleSettings.defaultGraceDays(tier)));
        }
        return builder.build();
    }

    /** The policy as configured on this server (the lifecycle sweep shares it). */
    @Override
    public LifecyclePolicy lifecyclePolicy() {
        return policy;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        ServerOptionDocs docs = ServerOptionDocs.create();
        for (IdentityClass identityClass : IdentityClass.values()) {
            docs.number(CADENCE_PREFIX + identityClass.value(), LifecycleSettings.defaultCadenceDays(identityClass),
                    "days between reviews of a " + identityClass.value() + " that sets no `"
                            + GovernanceAttribute.REVIEW_CADENCE_DAYS.attributeName() + "` (≥ 1)");
        }
        for (IdentityClass identityClass : IdentityClass.values()) {
            docs.number(CLASS_GRACE_PREFIX + identityClass.value(), LifecycleSettings.defaultGraceDays(identityClass),
                    "days after a missed review of a " + identityClass.value() + " before its tokens are refused (≥ 0)");
        }
        for (RiskTier tier : RiskTier.values()) {
            docs.number(TIER_GRACE_PREFIX + tier.value(), LifecycleSettings.defaultGraceDays(tier),
                    "the same grace for risk tier " + tier.value() + "; the shorter of class and tier grace applies (≥ 0)");
        }
        return docs.build();
    }

    @Override
    public Set<ClientPolicyEvent> gatedEvents(KeycloakSessionFactory factory) {
        return TokenSubjects.EVENTS;
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getHelpText() {
        return "Identity governance: refuses tokens to expired, orphaned, overdue or reclassified-and-unreviewed identities "
                + "(enforce), or records would-deny decisions (monitor). Installed by the pack; no per-realm configuration.";
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        Map<String, String> info = new LinkedHashMap<>();
        LifecycleSettings settings = policy.settings();
        for (IdentityClass c : IdentityClass.values()) {
            info.put(CADENCE_PREFIX + c.value(), String.valueOf(settings.cadenceDays(c)));
            info.put(CLASS_GRACE_PREFIX + c.value(), String.valueOf(settings.graceDays(c)));
        }
        for (RiskTier t : RiskTier.values()) {
            info.put(TIER_GRACE_PREFIX + t.value(), String.valueOf(settings.graceDays(t)));
        }
        info.put("classes", AttributeValue.allowed(IdentityClass.class));
        return info;
    }
}
