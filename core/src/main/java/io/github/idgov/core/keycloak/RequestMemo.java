package io.github.idgov.core.keycloak;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import org.keycloak.models.KeycloakSession;

/**
 * A map kept on the request's session, one per owner class: what one request works out once (a decoded token, a
 * service account, a token's subjects) for the several gates, mappers and listeners that ask for it. It dies with the
 * session, so nothing kept outlives the request.
 */
public final class RequestMemo {

    private RequestMemo() {
    }

    /** The owner's map, keys compared with {@code equals}. */
    public static <K, V> Map<K, V> byValue(KeycloakSession session, Class<?> owner) {
        return map(session, owner, false);
    }

    /** The owner's map, keys compared by identity: for keys that are one object per event, whatever their equals. */
    public static <K, V> Map<K, V> byIdentity(KeycloakSession session, Class<?> owner) {
        return map(session, owner, true);
    }

    @SuppressWarnings("unchecked")
    private static <K, V> Map<K, V> map(KeycloakSession session, Class<?> owner, boolean identity) {
        String attribute = owner.getName();
        Map<K, V> map = session.getAttribute(attribute, Map.class);
        if (map == null) {
            map = identity ? new IdentityHashMap<>(4) : new HashMap<>(4);
            session.setAttribute(attribute, map);
        }
        return map;
    }
}
