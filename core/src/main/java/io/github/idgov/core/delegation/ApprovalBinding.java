package io.github.idgov.core.delegation;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one approval is bound to: the agent (client id), the user (id), the scopes and the binding message. A token is
 * issued on an approval only when the CIBA request it completes has the same binding, so an approval is never used for
 * another agent, user, scope set or message.
 *
 * @param agentClientId  the agent that asked
 * @param userId         the person the agent acts for
 * @param scopes         the scopes asked for (order and duplicates do not matter)
 * @param bindingMessage the message the agent showed the person, or null
 */
public record ApprovalBinding(String agentClientId, String userId, Set<String> scopes, String bindingMessage) {

    public ApprovalBinding {
        scopes = Set.copyOf(new TreeSet<>(scopes));
    }

    /** A space-separated scope parameter as a set (blank or null: empty). */
    public static Set<String> scopes(String scopeParameter) {
        if (scopeParameter == null || scopeParameter.isBlank()) {
            return Set.of();
        }
        return Set.copyOf(new TreeSet<>(Arrays.asList(scopeParameter.trim().split("\\s+"))));
    }

    /** The scope set as a parameter (sorted, space-separated). */
    public String scopeParameter() {
        return String.join(" ", new TreeSet<>(scopes));
    }

    /** True when the other binding names the same agent, user, scope set and message (all compared exactly). */
    public boolean matches(ApprovalBinding other) {
        return other != null && agentClientId.equals(other.agentClientId) && userId.equals(other.userId)
                && scopes.equals(other.scopes) && java.util.Objects.equals(bindingMessage, other.bindingMessage);
    }
}
