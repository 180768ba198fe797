package io.github.idgov.core.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.utils.RoleResolveUtil;

/** Keycloak's own role resolution, with its per-request cache: a narrowed context sees its roles only once forgotten. */
class ResolvedRolesTest {

    private final Map<String, Object> attributes = new HashMap<>();
    private final KeycloakSession session = proxy(KeycloakSession.class, Map.of(
            "getAttribute", args -> attributes.get((String) args[0]),
            "setAttribute", args -> attributes.put((String) args[0], args[1]),
            "removeAttribute", args -> attributes.remove((String) args[0])));
    private final RealmModel realm = proxy(RealmModel.class, Map.of());
    private final AuthenticatedClientSessionModel clientSession = proxy(AuthenticatedClientSessionModel.class, Map.of(
            "getClient", args -> proxy(ClientModel.class, Map.of("getId", a -> "client-uuid", "getClientId", a -> "agent-s")),
            "getUserSession", args -> proxy(UserSessionModel.class, Map.of("getId", a -> "user-session-id"))));

    @Test
    void aNarrowedContextReadsTheFullContextsRolesUntilTheyAreForgotten() {
        ClientSessionContext full = context("orders-viewer", "orders-administrator");
        ClientSessionContext narrowed = context("orders-viewer");
        assertThat(RoleResolveUtil.getResolvedRealmRoles(session, full, false).getRoles())
                .containsExactlyInAnyOrder("orders-viewer", "orders-administrator");
        assertThat(RoleResolveUtil.getResolvedRealmRoles(session, narrowed, false).getRoles())
                .as("Keycloak's cache: what the pack must forget").contains("orders-administrator");

        ResolvedRoles.forget(session, clientSession);

        assertThat(RoleResolveUtil.getResolvedRealmRoles(session, narrowed, false).getRoles()).containsExactly("orders-viewer");
        assertThat(attributes).containsOnlyKeys(ResolvedRoles.attribute("user-session-id", "client-uuid"));
    }

    private ClientSessionContext context(String... roles) {
        List<RoleModel> models = Set.of(roles).stream().map(name -> proxy(RoleModel.class, Map.of(
                "getName", args -> name, "getContainer", args -> realm, "isClientRole", args -> false))).toList();
        return proxy(ClientSessionContext.class, Map.of("getClientSession", args -> clientSession, "getRolesStream", args -> models.stream()));
    }

    @FunctionalInterface
    private interface Answer {
        Object apply(Object[] args);
    }

    /** An interface whose named methods answer as given; any other call fails the test (the code under test needs none). */
    private static <T> T proxy(Class<T> type, Map<String, Answer> answers) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (self, method, args) -> {
            Answer answer = answers.get(method.getName());
            if (answer != null) {
                return answer.apply(args == null ? new Object[0] : args);
            }
            if (method.getName().equals("hashCode")) {
                return System.identityHashCode(self);
            }
            if (method.getName().equals("equals")) {
                return self == args[0];
            }
            throw new AssertionError("unexpected call " + type.getSimpleName() + "." + method.getName());
        }));
    }
}
