package io.github.idgov.core;

import java.util.Map;

/**
 * One lifecycle fact about one identity, with who caused it. {@code details} hold attribute names mapped to
 * {@code {from, to}} pairs, or facts such as the credential type; never a secret.
 *
 * @param principal username of the identity
 * @param by        username of whoever made the change ({@code system} for the pack's own actions)
 */
public record LifecycleChange(LifecycleEvent event, String principal, String by, Map<String, Object> details) {

    public LifecycleChange {
        details = Map.copyOf(details);
    }
}
