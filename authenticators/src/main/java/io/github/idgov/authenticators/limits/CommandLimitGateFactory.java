package io.github.idgov.authenticators.limits;

import io.github.idgov.authenticators.GovernanceExecutorFactory;
import io.github.idgov.authenticators.lifecycle.TokenSubjects;
import io.github.idgov.core.AttributeValue;
import io.github.idgov.core.IdentityClass;
import io.github.idgov.core.keycloak.ServerOptionDocs;
import io.github.idgov.core.keycloak.SpiOptions;
import io.github.idgov.core.limits.CommandKind;
import io.github.idgov.core.limits.CommandLimitContract;
import io.github.idgov.core.limits.CommandLimitSettings;
import io.github.idgov.core.limits.CommandLimiter;
import io.github.idgov.core.limits.CounterCombiner;
import java.time.Clock;
import java.time.Duration;
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
 * Client-policy executor {@value CommandLimitContract#GATE_ID}: per-identity command limits for non-human principals,
 * installed in the pack's {@code idgov-lifecycle} client profile. Class defaults and window lengths are server-wide
 * SPI options ({@code --spi-client-policy-executor--idgov-command-limit--<option>}); a bad value fails start-up
 * naming the option. Per-identity overrides are governance attributes on the principal's user.
 */
public final class CommandLimitGateFactory implements GovernanceExecutorFactory, ServerInfoAwareProviderFactory {

    static final String SPI = "client-policy-executor";
    /** Window lengths: a minute and an hour unless shortened (tests) or lengthened. */
    static final String TOKEN_WINDOW_SECONDS = "token-window-seconds";
    static final String EXCHANGE_WINDOW_SECONDS = "exchange-window-seconds";

    private CommandLimitSettings settings = CommandLimitSettings.defaults();
    private WorkCacheStore.Lookup workCache;
    /** This node's combining of concurrent increments per counted key; sized for many busy identities at once. */
    private final CounterCombiner combiner = new CounterCombiner(256);

    @Override
    public ClientPolicyExecutorProvider create(KeycloakSession session) {
        return new CommandLimitGate(session, new CommandLimiter(settings, WorkCacheStore.of(session, workCache, combiner), Clock.systemUTC()));
    }

    @Override
    public void init(Config.Scope config) {
        settings = settings(new SpiOptions(config, SPI, CommandLimitContract.GATE_ID));
    }

    /** Keycloak's cache provider is wired, not configured: found once the server's providers are loaded. */
    @Override
    public void postInit(KeycloakSessionFactory factory) {
        workCache = WorkCacheStore.lookup();
    }

    static CommandLimitSettings settings(SpiOptions options) {
        CommandLimitSettings.Builder builder = CommandLimitSettings.builder();
        for (CommandKind kind : CommandKind.values()) {
            for (IdentityClass identityClass : kind.classes()) {
                builder.limit(kind, identityClass, options.nonNegativeInt(kind.limitOption(identityClass),
                        CommandLimitSettings.defaultLimit(kind, identityClass)));
            }
            builder.window(kind, Duration.ofSeconds(options.intAtLeast(windowOption(kind),
                    (int) kind.nominalWindow().toSeconds(), 1)));
        }
        return builder.build();
    }

    static String windowOption(CommandKind kind) {
        return kind == CommandKind.TOKEN ? TOKEN_WINDOW_SECONDS : EXCHANGE_WINDOW_SECONDS;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        ServerOptionDocs docs = ServerOptionDocs.create();
        for (CommandKind kind : CommandKind.values()) {
            for (IdentityClass identityClass : IdentityClass.values()) {
                if (kind.classes().contains(identityClass)) {
                    docs.number(kind.limitOption(identityClass), CommandLimitSettings.defaultLimit(kind, identityClass),
                            (kind == CommandKind.TOKEN ? "tokens" : "delegated exchanges") + " per window of a " + identityClass.value()
                                    + " without its own `" + kind.overrideAttribute().attributeName() + "` (≥ 0, `0` = no limit)");
                }
            }
        }
        return docs.number(TOKEN_WINDOW_SECONDS, CommandKind.TOKEN.nominalWindow().toSeconds(), "length in seconds of the token-limit window (≥ 1)")
                .number(EXCHANGE_WINDOW_SECONDS, CommandKind.DELEGATED_EXCHANGE.nominalWindow().toSeconds(),
                        "length in seconds of the delegated-exchange window (≥ 1)")
                .build();
    }

    @Override
    public Set<ClientPolicyEvent> gatedEvents(KeycloakSessionFactory factory) {
        return TokenSubjects.EVENTS;
    }

    @Override
    public String getId() {
        return CommandLimitContract.GATE_ID;
    }

    @Override
    public String getHelpText() {
        return "Identity governance: limits the tokens per minute and delegated exchanges per hour of each non-human "
                + "identity (class defaults, per-identity overrides), cluster-wide. Installed by the pack; no per-realm configuration.";
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        Map<String, String> info = new LinkedHashMap<>();
        for (CommandKind kind : CommandKind.values()) {
            for (IdentityClass identityClass : kind.classes()) {
                info.put(kind.limitOption(identityClass), String.valueOf(settings.limit(kind, identityClass)));
            }
            info.put(windowOption(kind), String.valueOf(settings.window(kind).toSeconds()));
        }
        info.put("counter", "infinispan cache '" + WorkCacheStore.CACHE_NAME + "', fixed window");
        info.put("classes", AttributeValue.allowed(IdentityClass.class));
        return info;
    }
}
