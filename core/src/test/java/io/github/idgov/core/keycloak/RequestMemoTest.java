package io.github.idgov.core.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keycloak.models.KeycloakSession;

class RequestMemoTest {

    private final Map<String, Object> attributes = new HashMap<>();
    private final KeycloakSession session = (KeycloakSession) Proxy.newProxyInstance(KeycloakSession.class.getClassLoader(),
            new Class<?>[] {KeycloakSession.class}, (self, method, args) -> switch (method.getName()) {
                case "getAttribute" -> attributes.get((String) args[0]);
                case "setAttribute" -> attributes.put((String) args[0], args[1]);
                default -> throw new AssertionError("unexpected call KeycloakSession." + method.getName());
            });

    @Test
    void oneMapPerOwnerKeptOnTheSession() {
        Map<String, String> first = RequestMemo.byValue(session, String.class);
        first.put("token", "decoded");

        assertThat(RequestMemo.<String, String>byValue(session, String.class)).isSameAs(first).containsEntry("token", "decoded");
        assertThat(RequestMemo.<String, String>byValue(session, Integer.class)).isNotSameAs(first).isEmpty();
        assertThat(attributes).containsOnlyKeys(String.class.getName(), Integer.class.getName());
    }

    @Test
    void anIdentityMapTellsEqualKeysApart() {
        Map<String, Integer> byIdentity = RequestMemo.byIdentity(session, Long.class);
        String key = new String("event");
        byIdentity.put(key, 1);

        assertThat(byIdentity.get(new String("event"))).as("an equal but other object").isNull();
        assertThat(byIdentity.get(key)).isEqualTo(1);
        Map<String, Integer> byValue = RequestMemo.byValue(session, Short.class);
        byValue.put(key, 1);
        assertThat(byValue.get(new String("event"))).isEqualTo(1);
    }
}
