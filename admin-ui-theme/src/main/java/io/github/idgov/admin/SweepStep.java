package io.github.idgov.admin;

import io.github.idgov.admin.index.LastUse;
import io.github.idgov.core.Decision;
import io.github.idgov.core.GovernanceAttribute;
import io.github.idgov.core.GovernanceMode;
import io.github.idgov.core.GovernanceRecord;
import io.github.idgov.core.Inactivity;
import io.github.idgov.core.LifecycleFinding;
import io.github.idgov.core.LifecycleMarkers;
import io.github.idgov.core.LifecyclePolicy;
import io.github.idgov.core.RequiredAttributes;
import io.github.idgov.core.ReviewStatus;
import io.github.idgov.core.keycloak.DecisionLog;
import io.github.idgov.core.keycloak.PrincipalResolver;
import io.github.idgov.core.keycloak.RealmDirectory;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;

/**
 * What the sweep does to one identity. Expired machines are disabled with their sessions and offline tokens
 * revoked (enforce); orphans follow the cascade; everything else is a status flag in {@code identity_review_status}
 * ({@code expired} for people, {@code incomplete}, {@code orphaned}, {@code review-required}, {@code review-overdue},
 * {@code stale}, {@code review-due}).
 * An action or a changed flag is one decision; an identity already in the state it should be in is left alone.
 */
final class SweepStep {

    static final String EXPIRED = ReviewStatus.EXPIRED.value();
    static final String INCOMPLETE = ReviewStatus.INCOMPLETE.value();
    static final String REVIEW_OVERDUE = ReviewStatus.REVIEW_OVERDUE.value();
    static final String REVIEW_DUE = ReviewStatus.REVIEW_DUE.value();
    static final String STALE = ReviewStatus.STALE.value();
    /** The statuses the sweep owns (it clears them when they no longer hold). */
    static final Set<String> SWEPT = Set.of(EXPIRED, INCOMPLETE, OrphanCascade.ORPHANED, Reclassification.REVIEW_REQUIRED, REVIEW_OVERDUE, STALE,
            REVIEW_DUE);

    record Settings(int batchSize, int warningDays, OrphanCascade.Mode cascade, Inactivity inactivity) {
    }

    private final KeycloakSession session;
    private final RealmModel realm;
    private final GovernanceMode mode;
    private final LifecyclePolicy policy;
    private final Settings settings;
    private final Instant now;
    private final RealmDirectory directory;

    SweepStep(KeycloakSession session, RealmModel realm, GovernanceMode mode, LifecyclePolicy policy, Settings settings, Instant now) {
        this.session = session;
        this.realm = realm;
        this.mode = mode;
        this.policy = policy;
        this.settings = settings;
        this.now = now;
        this.directory = new RealmDirectory(session, realm);
    }

    /** @return the number of changes made (0 when the identity is already as it should be) */
    int apply(UserModel user) {
        GovernanceRecord record = PrincipalResolver.resolve(realm, user);
        LifecycleMarkers markers = LifecycleMarkers.from(user.getAttributes(), user.getCreatedTimestamp());
        List<LifecycleFinding> findings = policy.evaluate(record, markers, now, directory);
        boolean enforce = mode == GovernanceMode.ENFORCE;
        int changes = 0;

        Optional<LifecycleFinding> expired = find(findings, LifecycleFinding.Kind.EXPIRED);
        Optional<LifecycleFinding> orphan = find(findings, LifecycleFinding.Kind.OWNER_GONE).or(() -> find(findings, LifecycleFinding.Kind.SPONSOR_GONE));
        boolean machine = record.identityClass().isMachine();
        if (enforce && user.isEnabled() && machine && expired.isPresent()) {
            suspend(user, expired.get(), "disabled by the lifecycle sweep");
            changes++;
        } else if (enforce && user.isEnabled() && orphan.isPresent() && settings.cascade() == OrphanCascade.Mode.SUSPEND) {
            suspend(user, orphan.get(), "suspended by the lifecycle sweep (orphan cascade)");
            changes++;
        }

        String status = null;
        Optional<LifecycleFinding> reason = Optional.empty();
        Optional<LifecycleFinding> stale = settings.inactivity().stale(record, LastUse.of(session, user.getId()).orElse(null),
                markers.createdAt(), now);
        // the token gate's rule (RequiredAttributes): a machine created with its client, imported or registered
        // dynamically without the attributes its class requires gets no token until an administrator completes it
        Optional<LifecycleFinding> incomplete = RequiredAttributes.finding(record);
        if (expired.isPresent()) {
            status = EXPIRED;
            reason = expired;
        } else if (incomplete.isPresent()) {
            status = INCOMPLETE;
            reason = incomplete;
        } else if (orphan.isPresent()) {
            status = OrphanCascade.ORPHANED;
            reason = orphan;
        } else if (find(findings, LifecycleFinding.Kind.REVIEW_REQUIRED).isPresent()) {
            status = Reclassification.REVIEW_REQUIRED;
            reason = find(findings, LifecycleFinding.Kind.REVIEW_REQUIRED);
        } else if (find(findings, LifecycleFinding.Kind.REVIEW_OVERDUE).isPresent()) {
            status = REVIEW_OVERDUE;
            reason = find(findings, LifecycleFinding.Kind.REVIEW_OVERDUE);
        } else if (stale.isPresent()) {
            status = STALE;
            reason = stale;
        } else if (dueSoon(record, markers)) {
            status = REVIEW_DUE;
        }
        String attribute = GovernanceAttribute.REVIEW_STATUS.attributeName();
        String current = user.getFirstAttribute(attribute);
        if (status != null && !status.equals(current)) {
            user.setSingleAttribute(attribute, status);
            changes++;
            if (reason.isPresent()) {
                // a stale identity still gets tokens (a token is what ends it): a finding, not a denial
                Decision.Result result = reason.get().kind() == LifecycleFinding.Kind.STALE ? Decision.Result.ALLOW : Decision.denialIn(mode);
                DecisionLog.record(session, realm, new Decision(user.getUsername(), reason.get().policy(), result,
                        reason.get().describe() + " [lifecycle sweep: flagged " + status + "]"));
            } else {
                DecisionLog.record(session, realm, new Decision(user.getUsername(), "lifecycle-review-due", Decision.Result.ALLOW,
                        user.getUsername() + ": review due on " + policy.reviewDue(record, markers).map(Instant::toString).orElse("?")
                                + " (within " + settings.warningDays() + " days) [lifecycle sweep: flagged " + status + "]"));
            }
        } else if (status == null && current != null && SWEPT.contains(current)) {
            user.removeAttribute(attribute); // reviewed, owner restored, expiry extended: the flag no longer holds
            changes++;
        }
        return changes;
    }

    private boolean dueSoon(GovernanceRecord record, LifecycleMarkers markers) {
        return policy.reviewDue(record, markers)
                .map(due -> !due.isAfter(now.plus(settings.warningDays(), ChronoUnit.DAYS)))
                .orElse(false);
    }

    private void suspend(UserModel user, LifecycleFinding finding, String action) {
        user.setEnabled(false);
        session.sessions().removeUserSessions(realm, user);
        for (UserSessionModel offline : session.sessions().getOfflineUserSessionsStream(realm, user).toList()) {
            session.sessions().removeOfflineUserSession(realm, offline);
        }
        DecisionLog.record(session, realm, new Decision(user.getUsername(), finding.policy(), Decision.Result.DENY,
                finding.describe() + " [" + action + "; sessions and offline tokens revoked]"));
        IdentityChanges.disabledBySystem(session, realm, user, finding.policy());
    }

    private static Optional<LifecycleFinding> find(List<LifecycleFinding> findings, LifecycleFinding.Kind kind) {
        return findings.stream().filter(f -> f.kind() == kind).findFirst();
    }
}
