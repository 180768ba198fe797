package io.github.idgov.core;

import java.util.Optional;

/** Looks up the people named as owner or sponsor. */
@FunctionalInterface
public interface PrincipalDirectory {

    Optional<PrincipalState> find(String username);

    /** What the rules need to know about a named principal. */
    record PrincipalState(boolean enabled, IdentityClass identityClass) {

        public boolean isEnabledHuman() {
            return enabled && identityClass == IdentityClass.HUMAN;
        }
    }
}
