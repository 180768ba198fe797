package io.github.idgov.admin.review;

import io.github.idgov.admin.index.LastUse;

import io.github.idgov.core.GovernanceRecord;
import io.github.idgov.core.LifecycleFinding;
import io.github.idgov.core.LifecycleMarkers;
import io.github.idgov.core.LifecyclePolicy;
import io.github.idgov.core.PrincipalDirectory;
import io.github.idgov.core.RequiredAttributes;
import io.github.idgov.core.keycloak.PrincipalResolver;
import io.github.idgov.core.keycloak.RealmDirectory;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Computes an identity's statuses with the token gate's {@link LifecyclePolicy} (same cadence, grace and
 * findings, so the API and the gate agree) and the sweep's review warning window. One per realm and batch.
 */
final class Assessor {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final LifecyclePolicy policy;
    private final StatusWindows windows;
    private final Instant now;
    private final PrincipalDirectory directory;

    Assessor(KeycloakSession session, RealmModel realm, LifecyclePolicy policy, StatusWindows windows, Instant now) {
        this.session = session;
        this.realm = realm;
        this.policy = policy;
        this.windows = windows;
        this.now = now;
        this.directory = new RealmDirectory(session, realm);
    }

    PrincipalDirectory directory() {
        return directory;
    }

    Assessment assess(UserModel user) {
        GovernanceRecord record = PrincipalResolver.resolve(realm, user);
        LifecycleMarkers markers = LifecycleMarkers.from(user.getAttributes(), user.getCreatedTimestamp());
        List<LifecycleFinding> findings = policy.evaluate(record, markers, now, directory);
        EnumSet<Status> statuses = EnumSet.noneOf(Status.class);
        List<String> reasons = new ArrayList<>();
        for (LifecycleFinding finding : findings) {
            statuses.add(switch (finding.kind()) {
                case EXPIRED -> Status.EXPIRED;
                case OWNER_GONE, SPONSOR_GONE -> Status.ORPHANED;
                case REVIEW_REQUIRED -> Status.REVIEW_REQUIRED;
                case REVIEW_OVERDUE -> Status.REVIEW_OVERDUE;
                // only the sweep finds stale identities (Inactivity), never the policy the gate and this API share
                case STALE -> throw new IllegalStateException("the lifecycle policy reported a stale finding: " + finding.describe());
                // the policy reports missing attributes only through RequiredAttributes.finding, asked below
                case INCOMPLETE -> Status.INCOMPLETE;
            });
            reasons.add(finding.describe());
        }
        // the token gate's rule (LifecycleInspector.inspectForToken): a machine lacking what its class requires gets no token
        RequiredAttributes.finding(record).ifPresent(incomplete -> {
            statuses.add(Status.INCOMPLETE);
            reasons.add(incomplete.describe());
        });
        // the sweep's rule, on the day of last use the token path keeps on the review-index row
        windows.inactivity().stale(record, LastUse.of(session, user.getId()).orElse(null), markers.createdAt(), now).ifPresent(stale -> {
            statuses.add(Status.STALE);
            reasons.add(stale.describe());
        });
        Instant due = policy.reviewDue(record, markers).orElse(null);
        if (due != null && !statuses.contains(Status.REVIEW_OVERDUE) && !due.isAfter(now.plus(windows.warningDays(), ChronoUnit.DAYS))) {
            statuses.add(Status.REVIEW_DUE);
            reasons.add(record.principal().username() + ": review due on " + date(due) + " (within " + windows.warningDays() + " days).");
        }
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        if (record.expiresAt() != null && today.isBefore(record.expiresAt())
                && !record.expiresAt().isAfter(today.plusDays(ReviewApi.EXPIRING_DAYS))) {
            statuses.add(Status.EXPIRING);
            reasons.add(record.principal().username() + ": expires on " + record.expiresAt() + " (within "
                    + ReviewApi.EXPIRING_DAYS + " days).");
        }
        if (statuses.isEmpty()) {
            statuses.add(Status.OK);
        }
        if (record.classDerived()) {
            statuses.add(Status.DERIVED_CLASS);
            reasons.add(record.principal().username() + ": identity_class not set; derived as " + record.identityClass().value() + ".");
        }
        return new Assessment(user, record, statuses, due, reasons);
    }

    static String date(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC).toString();
    }

    /** Attributes as the API shows them (single values). */
    static String attribute(Map<String, List<String>> attributes, String name) {
        List<String> values = attributes.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
