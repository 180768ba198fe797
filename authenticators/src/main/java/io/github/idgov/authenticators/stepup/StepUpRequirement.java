package io.github.idgov.authenticators.stepup;

import io.github.idgov.core.StepUpConfigRules;
import io.github.idgov.core.StepUpContract;
import java.util.Collection;
import java.util.Optional;
import java.util.stream.Stream;
import org.jboss.logging.Logger;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientScopeModel;

/**
 * What a request needs: a level of authentication no lower than {@code level}, authenticated at most
 * {@code maxAgeSeconds} ago. Sources: client scopes and clients carrying {@value StepUpContract#LEVEL_ATTRIBUTE}
 * (and optionally {@value StepUpContract#MAX_AGE_ATTRIBUTE}); several combine to the highest level and the
 * shortest window.
 */
record StepUpRequirement(int level, int maxAgeSeconds, String source) {

    /** Freshness window when a sensitive scope or client names a level but no max age. */
    static final int DEFAULT_MAX_AGE_SECONDS = StepUpContract.DEFAULT_MAX_AGE_SECONDS;

    private static final Logger LOG = Logger.getLogger(StepUpRequirement.class);

    /** The requirement of the client and the scopes a token would carry; empty when none of them is sensitive. */
    static Optional<StepUpRequirement> of(ClientModel client, Collection<? extends ClientScopeModel> scopes) {
        return Stream.concat(Stream.of(from(client.getClientId(), client.getAttribute(StepUpContract.LEVEL_ATTRIBUTE),
                                client.getAttribute(StepUpContract.MAX_AGE_ATTRIBUTE))),
                        scopes.stream().map(scope -> from(scope.getName(), scope.getAttribute(StepUpContract.LEVEL_ATTRIBUTE),
                                scope.getAttribute(StepUpContract.MAX_AGE_ATTRIBUTE))))
                .flatMap(Optional::stream)
                .reduce(StepUpRequirement::strictest);
    }

    /**
     * One scope's or client's requirement. A value that is not a positive whole number (it can only get there around
     * the admin API's validation) fails closed: level 2, no freshness window.
     */
    static Optional<StepUpRequirement> from(String source, String rawLevel, String rawMaxAge) {
        if (rawLevel == null || rawLevel.isBlank()) {
            return Optional.empty();
        }
        Integer level = StepUpConfigRules.wholeNumber(rawLevel, 1);
        Integer maxAge = rawMaxAge == null || rawMaxAge.isBlank() ? Integer.valueOf(DEFAULT_MAX_AGE_SECONDS)
                : StepUpConfigRules.wholeNumber(rawMaxAge, 0);
        if (level == null || maxAge == null) {
            LOG.errorf("'%s' has an invalid step-up setting (%s=%s, %s=%s); requiring level 2 with no freshness window",
                    source, StepUpContract.LEVEL_ATTRIBUTE, rawLevel, StepUpContract.MAX_AGE_ATTRIBUTE, rawMaxAge);
            return Optional.of(new StepUpRequirement(2, 0, source));
        }
        return Optional.of(new StepUpRequirement(level, maxAge, source));
    }

    StepUpRequirement strictest(StepUpRequirement other) {
        return new StepUpRequirement(Math.max(level, other.level), Math.min(maxAgeSeconds, other.maxAgeSeconds),
                source + ", " + other.source);
    }

    String describe() {
        return "level " + level + " within " + maxAgeSeconds + " s (" + source + ")";
    }

    /**
     * What the login is asked for, as a decision reason: level 1 is the sign-in itself (password, passkey or identity
     * provider), so a client needing only level 1 gets a fresh sign-in, never a second factor.
     */
    String asked() {
        return (level >= 2 ? "second factor asked: " : "fresh sign-in asked (no second factor): ") + describe();
    }

    /** The same for monitor mode, where nothing is asked. */
    String wouldAsk() {
        return "would ask for " + (level >= 2 ? "a step-up to " : "a fresh sign-in (no second factor) at ") + describe()
                + " (monitor: not asked)";
    }
}
