package io.github.idgov.core.delegation;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * RFC 8693 {@code act} chains: how deep a subject token already is, and the claim of the token an agent gets. The
 * outermost {@code act} is the current actor; earlier actors nest inside it.
 */
public final class DelegationChain {

    /** Default allowed depth: an agent acts for a person, and cannot re-delegate. */
    public static final int DEFAULT_MAX_DEPTH = 1;

    private DelegationChain() {
    }

    /** Number of actors in a chain ({@code act} claim value; null or not an object: none). */
    public static int depth(Object act) {
        int depth = 0;
        Object current = act;
        while (current instanceof Map<?, ?> map) {
            depth++;
            current = map.get(DelegationContract.ACT_CLAIM);
        }
        return depth;
    }

    /** The client id of the current (outermost) actor, or null. */
    public static String currentActor(Object act) {
        return act instanceof Map<?, ?> map && map.get(DelegationContract.CLIENT_ID_CLAIM) instanceof String id ? id : null;
    }

    /** Whether one more actor on a chain of {@code existingDepth} stays within {@code maxDepth}. */
    public static boolean allowsAnotherActor(int existingDepth, int maxDepth) {
        return existingDepth + 1 <= maxDepth;
    }

    /** The act claim naming this agent, with the previous chain (if any) nested inside. */
    public static Map<String, Object> act(String agentSubject, String agentClientId, String identityClass, Object previous) {
        Map<String, Object> act = new LinkedHashMap<>();
        act.put("sub", agentSubject);
        act.put(DelegationContract.CLIENT_ID_CLAIM, agentClientId);
        act.put("identity_class", identityClass);
        if (previous instanceof Map<?, ?>) {
            act.put(DelegationContract.ACT_CLAIM, previous);
        }
        return act;
    }
}
