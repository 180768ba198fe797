package io.github.idgov.core;

import static io.github.idgov.core.GovernanceAttribute.CLASS;
import static io.github.idgov.core.GovernanceAttribute.EXPIRES_AT;
import static io.github.idgov.core.GovernanceAttribute.OWNER;
import static io.github.idgov.core.GovernanceAttribute.PURPOSE;
import static io.github.idgov.core.GovernanceAttribute.SPONSOR;

import io.github.idgov.core.limits.LimitOverride;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The governance rules of DESIGN.md section 3, applied to a principal's proposed attributes.
 * Pure: the caller supplies the attributes, whether the user is a service account, and a directory for owners.
 */
public final class GovernanceRules {

    private final ExpiryHorizons horizons;
    private final Clock clock;

    public GovernanceRules(ExpiryHorizons horizons, Clock clock) {
        this.horizons = horizons;
        this.clock = clock;
    }

    /** Every violation of every attribute, in attribute order. */
    public List<Violation> validate(Map<String, ? extends List<String>> attributes, boolean serviceAccountUser,
                                    PrincipalDirectory directory) {
        List<Violation> all = new ArrayList<>();
        for (GovernanceAttribute field : GovernanceAttribute.values()) {
            all.addAll(validateField(field, attributes, serviceAccountUser, directory));
        }
        return all;
    }

    /** The violations reported against one attribute (cross-field rules report on the attribute that is missing). */
    public List<Violation> validateField(GovernanceAttribute field, Map<String, ? extends List<String>> attributes,
                                         boolean serviceAccountUser, PrincipalDirectory directory) {
        AttributeReader reader = new AttributeReader(attributes);
        if (reader.isMultiValued(field)) {
            return List.of(Violation.malformed(field, "idgov-single-value"));
        }
        String value = reader.single(field);
        Optional<IdentityClass> effectiveClass = effectiveClass(reader, serviceAccountUser);
        List<Violation> found = new ArrayList<>();
        switch (field) {
            case CLASS -> checkClass(value, serviceAccountUser, found);
            case OWNER -> checkPerson(OWNER, value, required(OWNER, effectiveClass), "idgov-owner-required", directory, found);
            case SPONSOR -> checkPerson(SPONSOR, value, required(SPONSOR, effectiveClass), "idgov-sponsor-required", directory, found);
            case PURPOSE -> checkPurpose(value, effectiveClass, found);
            case ENVIRONMENT -> checkEnum(field, value, Environment.class, found);
            case RISK_TIER -> checkEnum(field, value, RiskTier.class, found);
            case AUTONOMY -> checkEnum(field, value, Autonomy.class, found);
            case EXPIRES_AT -> checkExpiry(value, effectiveClass, found);
            case REVIEW_CADENCE_DAYS -> {
                if (value != null && Formats.cadenceDays(value).isEmpty()) {
                    found.add(Violation.malformed(field, "idgov-invalid-cadence", value, String.valueOf(Formats.MAX_CADENCE_DAYS)));
                }
            }
            case LAST_REVIEWED_AT, RECLASSIFIED_AT -> {
                if (value != null && Formats.isoInstant(value).isEmpty()) {
                    found.add(Violation.malformed(field, "idgov-invalid-instant", value));
                }
            }
            case RATE_LIMIT_TOKENS_PER_MINUTE, RATE_LIMIT_EXCHANGES_PER_HOUR -> {
                if (value != null && LimitOverride.parse(value).isEmpty()) {
                    found.add(Violation.malformed(field, "idgov-invalid-rate-limit", value, String.valueOf(LimitOverride.MAX)));
                }
            }
            case LAST_REVIEWED_BY, REVIEW_STATUS -> {
                // free text written by the review action / the pack's lifecycle controls
            }
        }
        return found;
    }

    /** Stored class if valid, else derived; empty when a stored value is malformed (the class rule reports it). */
    static Optional<IdentityClass> effectiveClass(AttributeReader reader, boolean serviceAccountUser) {
        String stored = reader.single(CLASS);
        if (stored == null) {
            return Optional.of(derivedClass(serviceAccountUser));
        }
        return AttributeValue.parse(IdentityClass.class, stored);
    }

    private static boolean required(GovernanceAttribute field, Optional<IdentityClass> effectiveClass) {
        return effectiveClass.map(RequiredAttributes::of).map(required -> required.contains(field)).orElse(false);
    }

    public static IdentityClass derivedClass(boolean serviceAccountUser) {
        return serviceAccountUser ? IdentityClass.SERVICE_ACCOUNT : IdentityClass.HUMAN;
    }

    private static void checkClass(String value, boolean serviceAccountUser, List<Violation> found) {
        if (value == null) {
            return;
        }
        Optional<IdentityClass> parsed = AttributeValue.parse(IdentityClass.class, value);
        if (parsed.isEmpty()) {
            found.add(Violation.malformed(CLASS, "idgov-invalid-option", value, AttributeValue.allowed(IdentityClass.class)));
        } else if (serviceAccountUser && parsed.get() == IdentityClass.HUMAN) {
            found.add(Violation.policy(CLASS, "idgov-service-account-not-human"));
        }
    }

    private static void checkPerson(GovernanceAttribute field, String username, boolean required, String requiredKey,
                                    PrincipalDirectory directory, List<Violation> found) {
        if (username == null) {
            if (required) {
                found.add(Violation.policy(field, requiredKey));
            }
            return;
        }
        Optional<PrincipalDirectory.PrincipalState> state = directory.find(username);
        if (state.isEmpty()) {
            found.add(Violation.malformed(field, "idgov-person-not-found", username));
        } else if (!state.get().isEnabledHuman()) {
            found.add(Violation.malformed(field, "idgov-person-not-enabled-human", username));
        }
    }

    private static void checkPurpose(String value, Optional<IdentityClass> effectiveClass, List<Violation> found) {
        if (value == null) {
            if (required(PURPOSE, effectiveClass)) {
                found.add(Violation.policy(PURPOSE, "idgov-purpose-required"));
            }
        } else if (value.length() > Formats.MAX_PURPOSE_LENGTH) {
            found.add(Violation.malformed(PURPOSE, "idgov-too-long", String.valueOf(Formats.MAX_PURPOSE_LENGTH)));
        }
    }

    private static <E extends Enum<E> & AttributeValue> void checkEnum(GovernanceAttribute field, String value, Class<E> type,
                                                                      List<Violation> found) {
        if (value != null && AttributeValue.parse(type, value).isEmpty()) {
            found.add(Violation.malformed(field, "idgov-invalid-option", value, AttributeValue.allowed(type)));
        }
    }

    private void checkExpiry(String value, Optional<IdentityClass> effectiveClass, List<Violation> found) {
        if (value == null) {
            if (required(EXPIRES_AT, effectiveClass)) {
                found.add(Violation.policy(EXPIRES_AT, "idgov-expiry-required"));
            }
            return;
        }
        Optional<LocalDate> date = Formats.isoDate(value);
        if (date.isEmpty()) {
            found.add(Violation.malformed(EXPIRES_AT, "idgov-invalid-date", value));
            return;
        }
        OptionalInt horizon = effectiveClass.map(horizons::daysFor).orElse(OptionalInt.empty());
        if (horizon.isPresent()) {
            LocalDate latest = LocalDate.now(clock).plusDays(horizon.getAsInt());
            if (date.get().isAfter(latest)) {
                found.add(Violation.policy(EXPIRES_AT, "idgov-expiry-beyond-horizon", value,
                        String.valueOf(horizon.getAsInt()), latest.toString()));
            }
        }
    }
}
