package io.github.idgov.core;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which governance attributes a principal of each class must have (DESIGN.md section 3): every machine an owner, a
 * purpose and an expiry; an ai-agent also a sponsor; a person none. One rule for saving an identity and for issuing
 * it a token, so an identity that bypassed the first (a service account created with its client, a directory
 * import, dynamic client registration) still meets the second.
 */
public final class RequiredAttributes {

    private RequiredAttributes() {
    }

    public static Set<GovernanceAttribute> of(IdentityClass identityClass) {
        if (identityClass == null || !identityClass.isMachine()) {
            return Set.of();
        }
        Set<GovernanceAttribute> required = EnumSet.of(GovernanceAttribute.OWNER, GovernanceAttribute.PURPOSE, GovernanceAttribute.EXPIRES_AT);
        if (identityClass == IdentityClass.AI_AGENT) {
            required.add(GovernanceAttribute.SPONSOR);
        }
        return required;
    }

    /** The required attributes the record has no (valid) value for, in attribute order. */
    public static List<GovernanceAttribute> missing(GovernanceRecord record) {
        List<GovernanceAttribute> missing = new ArrayList<>();
        for (GovernanceAttribute field : GovernanceAttribute.values()) {
            if (of(record.identityClass()).contains(field) && valueOf(record, field) == null) {
                missing.add(field);
            }
        }
        return missing;
    }

    /**
     * The {@link LifecycleFinding.Kind#INCOMPLETE} finding for a record that lacks required attributes: what the token
     * gate refuses on, the review API's {@code incomplete} status and the sweep's flag, from this one rule.
     */
    public static Optional<LifecycleFinding> finding(GovernanceRecord record) {
        List<GovernanceAttribute> missing = missing(record);
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new LifecycleFinding(record.principal().username(), LifecycleFinding.Kind.INCOMPLETE, List.of(
                record.identityClass().value(), missing.stream().map(GovernanceAttribute::attributeName).collect(Collectors.joining(", ")))));
    }

    private static Object valueOf(GovernanceRecord record, GovernanceAttribute field) {
        return switch (field) {
            case OWNER -> record.owner();
            case SPONSOR -> record.sponsor();
            case PURPOSE -> record.purpose();
            case EXPIRES_AT -> record.expiresAt();
            default -> "";
        };
    }
}
