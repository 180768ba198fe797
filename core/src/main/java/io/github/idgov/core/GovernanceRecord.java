package io.github.idgov.core;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A principal's governance metadata as resolved at one moment. Optional fields are null when absent;
 * values that failed to parse are null here and listed in {@link #problems()}.
 *
 * @param principal     who this is
 * @param identityClass stored class, or the derived one when {@code classDerived}
 * @param classDerived  true when no valid {@code identity_class} is stored and the class was derived
 * @param riskTier      stored tier, or {@link RiskTier#DEFAULT}
 * @param autonomy      for ai-agents: stored autonomy or {@link Autonomy#DEFAULT}; null for other classes
 */
public record GovernanceRecord(
        PrincipalRef principal,
        IdentityClass identityClass,
        boolean classDerived,
        String owner,
        String sponsor,
        String purpose,
        Environment environment,
        RiskTier riskTier,
        Autonomy autonomy,
        LocalDate expiresAt,
        Integer reviewCadenceDays,
        Instant lastReviewedAt,
        String lastReviewedBy,
        List<Violation> problems) {

    public GovernanceRecord {
        problems = List.copyOf(problems);
    }
}
