package io.github.idgov.authenticators;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.idgov.core.GovernanceContract;
import io.github.idgov.core.GovernanceMode;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyEvent;

/**
 * Shows that a gate leaves alone the client-policy events it does not declare (the pack's policy is satisfied only on
 * declared ones). The gate gets a session in a realm in enforce mode that answers nothing more (its realm's mode, and a
 * client that answers nothing) and a context that has only its event: a gate acting on an event reads more than that
 * (the client, the user, the context's token) and fails.
 */
public final class GateEventsProbe {

    /** A gate's work on one event. */
    @FunctionalInterface
    public interface Gate {
        void run(ClientPolicyContext context) throws Exception;
    }

    private GateEventsProbe() {
    }

    public static void leavesUndeclaredEventsAlone(Set<ClientPolicyEvent> declared, Gate gate) {
        Arrays.stream(ClientPolicyEvent.values()).filter(event -> !declared.contains(event)).forEach(event ->
                assertThatCode(() -> gate.run(() -> event)).as(event.name()).doesNotThrowAnyException());
    }

    /** The probe sees the gate act: on a declared event it reads what the probe does not answer. */
    public static void actsOn(ClientPolicyEvent declared, Gate gate) {
        assertThatThrownBy(() -> gate.run(() -> declared)).as(declared.name()).isInstanceOf(RuntimeException.class);
    }

    public static KeycloakSession session() {
        String mode = GovernanceMode.ENFORCE.value();
        RealmModel realm = answering(RealmModel.class,
                Map.of("getAttribute", args -> GovernanceContract.REALM_MODE_ATTRIBUTE.equals(args[0]) ? mode : null));
        ClientModel client = answering(ClientModel.class, Map.of());
        KeycloakContext context = answering(KeycloakContext.class, Map.of("getRealm", args -> realm, "getClient", args -> client));
        return answering(KeycloakSession.class, Map.of("getContext", args -> context));
    }

    /** A proxy that answers the named methods and fails on any other. */
    private static <T> T answering(Class<T> type, Map<String, Function<Object[], Object>> answers) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            String name = method.getName();
            if (answers.containsKey(name)) {
                return answers.get(name).apply(args);
            }
            return switch (name) {
                case "toString" -> type.getSimpleName() + " probe";
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                default -> throw new UnsupportedOperationException(type.getSimpleName() + "." + name
                        + " read: the gate acted on an event it does not declare");
            };
        }));
    }
}
