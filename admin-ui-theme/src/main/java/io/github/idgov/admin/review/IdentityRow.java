package io.github.idgov.admin.review;

import io.github.idgov.core.AttributeValue;
import io.github.idgov.core.GovernanceRecord;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One line of the identity list: detached from the Keycloak session it was read in, so it can be sorted after. */
record IdentityRow(String id, String username, String clientId, String identityClass, boolean classDerived, boolean enabled,
                   String owner, String sponsor, String riskTier, String environment, String autonomy, LocalDate expiresAt,
                   Instant lastReviewedAt, String lastReviewedBy, Instant reviewDueAt, Long createdAt, Status status,
                   List<String> statuses, List<String> reasons) {

    static IdentityRow of(Assessment assessment) {
        GovernanceRecord record = assessment.record();
        return new IdentityRow(record.principal().userId(), record.principal().username(), record.principal().clientId(),
                record.identityClass().value(), record.classDerived(), assessment.user().isEnabled(), record.owner(),
                record.sponsor(), value(record.riskTier()), value(record.environment()), value(record.autonomy()),
                record.expiresAt(), record.lastReviewedAt(), record.lastReviewedBy(), assessment.reviewDue(),
                assessment.user().getCreatedTimestamp(), assessment.primary(),
                assessment.statuses().stream().map(Status::value).toList(), List.copyOf(assessment.reasons()));
    }

    Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", id);
        json.put("username", username);
        json.put("clientId", clientId);
        json.put("class", identityClass);
        json.put("classDerived", classDerived);
        json.put("enabled", enabled);
        json.put("owner", owner);
        json.put("sponsor", sponsor);
        json.put("riskTier", riskTier);
        json.put("environment", environment);
        json.put("autonomy", autonomy);
        json.put("expiresAt", expiresAt == null ? null : expiresAt.toString());
        json.put("lastReviewedAt", lastReviewedAt == null ? null : lastReviewedAt.toString());
        json.put("lastReviewedBy", lastReviewedBy);
        json.put("reviewDueAt", reviewDueAt == null ? null : reviewDueAt.toString());
        json.put("createdAt", createdAt == null ? null : Instant.ofEpochMilli(createdAt).toString());
        json.put("status", status.value());
        json.put("statuses", statuses);
        json.put("reasons", reasons);
        return json;
    }

    private static String value(AttributeValue value) {
        return value == null ? null : value.value();
    }
}
