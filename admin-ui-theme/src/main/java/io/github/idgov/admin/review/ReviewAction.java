package io.github.idgov.admin.review;

import io.github.idgov.admin.index.IdentityIndex;
import io.github.idgov.core.LifecycleChange;
import io.github.idgov.core.LifecyclePolicy;
import io.github.idgov.core.LifecycleEvent;
import io.github.idgov.core.GovernanceAttribute;
import io.github.idgov.core.keycloak.InvalidParameter;
import io.github.idgov.core.keycloak.LifecycleLog;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;

/**
 * Marks an identity reviewed: writes {@code identity_last_reviewed_at/_by} (and the comment), clears the review
 * flags the sweep and the reclassification set, and records it twice, as an admin event ({@code USER} /
 * {@code ACTION}) and as a {@code REVIEWED} lifecycle record (reviewer, time, comment) for the audit trail. All in the request's
 * transaction: a failed request records nothing.
 */
final class ReviewAction {

    /** Review flags a review settles; {@code expired} and {@code orphaned} need other fixes and stay. */
    private static final Set<String> SETTLED = Set.of(Status.REVIEW_REQUIRED.value(), Status.REVIEW_OVERDUE.value(),
            Status.REVIEW_DUE.value());

    private ReviewAction() {
    }

    static String validComment(String comment) {
        if (comment == null || comment.isBlank()) {
            return null;
        }
        if (comment.length() > ReviewApi.MAX_COMMENT_LENGTH) {
            throw new InvalidParameter("comment", "comment must be at most " + ReviewApi.MAX_COMMENT_LENGTH + " characters");
        }
        return comment.trim();
    }

    static Map<String, Object> review(KeycloakSession session, RealmModel realm, UserModel user, String reviewer, String comment,
                                      Instant now, AdminEventBuilder adminEvent, LifecyclePolicy policy) {
        // seconds, like identity_reclassified_at: a review in the same second as a reclassification settles it
        String at = now.truncatedTo(ChronoUnit.SECONDS).toString();
        user.setSingleAttribute(GovernanceAttribute.LAST_REVIEWED_AT.attributeName(), at);
        user.setSingleAttribute(GovernanceAttribute.LAST_REVIEWED_BY.attributeName(), reviewer);
        if (comment == null) {
            user.removeAttribute(ReviewApi.COMMENT_ATTRIBUTE);
        } else {
            user.setSingleAttribute(ReviewApi.COMMENT_ATTRIBUTE, comment);
        }
        String status = user.getFirstAttribute(GovernanceAttribute.REVIEW_STATUS.attributeName());
        if (status != null && SETTLED.contains(status)) {
            user.removeAttribute(GovernanceAttribute.REVIEW_STATUS.attributeName());
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("id", user.getId());
        result.put("username", user.getUsername());
        result.put("reviewedAt", at);
        result.put("reviewedBy", reviewer);
        result.put("comment", comment);
        adminEvent.operation(OperationType.ACTION).resource(ResourceType.USER)
                .resourcePath(ReviewApi.PROVIDER_ID, "identities", user.getId(), "review")
                .representation(result).success();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("reviewed_at", at);
        if (comment != null) {
            details.put("comment", comment);
        }
        LifecycleLog.record(session, realm, new LifecycleChange(LifecycleEvent.REVIEWED, user.getUsername(), reviewer, details));
        IdentityIndex.refresh(session, realm, user, policy);
        return result;
    }
}
