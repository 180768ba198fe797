package io.github.idgov.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds a {@link GovernanceRecord} from stored attributes; never fails, lists malformed values as problems. */
public final class GovernanceRecords {

    private GovernanceRecords() {
    }

    public static GovernanceRecord from(PrincipalRef principal, Map<String, ? extends List<String>> attributes) {
        AttributeReader reader = new AttributeReader(attributes);
        List<Violation> problems = new ArrayList<>();

        String storedClass = reader.single(GovernanceAttribute.CLASS);
        IdentityClass identityClass = storedClass == null ? null : AttributeValue.parse(IdentityClass.class, storedClass).orElse(null);
        boolean derived = identityClass == null;
        if (derived) {
            identityClass = GovernanceRules.derivedClass(principal.isServiceAccount());
            if (storedClass != null) {
                problems.add(Violation.malformed(GovernanceAttribute.CLASS, "idgov-invalid-option", storedClass,
                        AttributeValue.allowed(IdentityClass.class)));
            }
        }

        Environment environment = parse(reader, GovernanceAttribute.ENVIRONMENT, Environment.class, problems);
        RiskTier riskTier = parse(reader, GovernanceAttribute.RISK_TIER, RiskTier.class, problems);
        Autonomy storedAutonomy = parse(reader, GovernanceAttribute.AUTONOMY, Autonomy.class, problems);
        // autonomy is an agent's property: any value stored on another class grants nothing
        Autonomy autonomy = identityClass != IdentityClass.AI_AGENT ? null
                : storedAutonomy == null ? Autonomy.DEFAULT : storedAutonomy;

        String expiry = reader.single(GovernanceAttribute.EXPIRES_AT);
        String cadence = reader.single(GovernanceAttribute.REVIEW_CADENCE_DAYS);
        String reviewedAt = reader.single(GovernanceAttribute.LAST_REVIEWED_AT);
        var expiresAt = expiry == null ? null : Formats.isoDate(expiry).orElse(null);
        var cadenceDays = cadence == null ? null : Formats.cadenceDays(cadence).orElse(null);
        var lastReviewedAt = reviewedAt == null ? null : Formats.isoInstant(reviewedAt).orElse(null);
        addIfUnparsed(problems, GovernanceAttribute.EXPIRES_AT, expiry, expiresAt, "idgov-invalid-date");
        addIfUnparsed(problems, GovernanceAttribute.REVIEW_CADENCE_DAYS, cadence, cadenceDays, "idgov-invalid-cadence",
                String.valueOf(Formats.MAX_CADENCE_DAYS));
        addIfUnparsed(problems, GovernanceAttribute.LAST_REVIEWED_AT, reviewedAt, lastReviewedAt, "idgov-invalid-instant");

        return new GovernanceRecord(principal, identityClass, derived,
                reader.single(GovernanceAttribute.OWNER),
                reader.single(GovernanceAttribute.SPONSOR),
                reader.single(GovernanceAttribute.PURPOSE),
                environment,
                riskTier == null ? RiskTier.DEFAULT : riskTier,
                autonomy,
                expiresAt, cadenceDays, lastReviewedAt,
                reader.single(GovernanceAttribute.LAST_REVIEWED_BY),
                problems);
    }

    /**
     * The identity class alone, as {@link #from} derives it (the stored value when it is a class, else derived from the
     * principal's kind), for the per-token checks that need nothing else: no other attribute is read or parsed.
     *
     * @param storedClass the first non-blank stored value, or null
     */
    public static IdentityClass identityClass(String storedClass, boolean serviceAccount) {
        return AttributeValue.parse(IdentityClass.class, storedClass).orElseGet(() -> GovernanceRules.derivedClass(serviceAccount));
    }

    private static <E extends Enum<E> & AttributeValue> E parse(AttributeReader reader, GovernanceAttribute field,
                                                               Class<E> type, List<Violation> problems) {
        String raw = reader.single(field);
        if (raw == null) {
            return null;
        }
        E parsed = AttributeValue.parse(type, raw).orElse(null);
        if (parsed == null) {
            problems.add(Violation.malformed(field, "idgov-invalid-option", raw, AttributeValue.allowed(type)));
        }
        return parsed;
    }

    private static void addIfUnparsed(List<Violation> problems, GovernanceAttribute field, String raw, Object parsed, String key,
                                      String... bounds) {
        if (raw != null && parsed == null) {
            String[] params = new String[bounds.length + 1];
            params[0] = raw;
            System.arraycopy(bounds, 0, params, 1, bounds.length);
            problems.add(Violation.malformed(field, key, params));
        }
    }
}
