package io.github.idgov.core;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides which lifecycle rules a principal breaks at a given instant. Pure: the caller supplies the record, the
 * markers, the instant and a directory for owner and sponsor.
 *
 * <ul>
 *   <li>expired: on and after the day {@code identity_expires_at} names (UTC), whatever the class;</li>
 *   <li>owner / sponsor gone: a named owner or sponsor that is deleted, disabled or not a human;</li>
 *   <li>review overdue: the last review (or, never reviewed, the creation) plus the cadence plus the grace
 *       period (shorter of class and risk-tier grace) lies in the past;</li>
 *   <li>review required: reclassified after the last review.</li>
 * </ul>
 */
public final class LifecyclePolicy {

    static final String STATE_DELETED = "deleted";
    static final String STATE_DISABLED = "disabled";
    static final String STATE_NOT_HUMAN = "not a human";

    private final LifecycleSettings settings;

    public LifecyclePolicy(LifecycleSettings settings) {
        this.settings = settings;
    }

    public LifecycleSettings settings() {
        return settings;
    }

    public List<LifecycleFinding> evaluate(GovernanceRecord record, LifecycleMarkers markers, Instant now,
                                           PrincipalDirectory directory) {
        String who = record.principal().username();
        List<LifecycleFinding> findings = new ArrayList<>();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        if (record.expiresAt() != null && !today.isBefore(record.expiresAt())) {
            findings.add(new LifecycleFinding(who, LifecycleFinding.Kind.EXPIRED, List.of(record.expiresAt().toString())));
        }
        personGone(record.owner(), directory).ifPresent(state ->
                findings.add(new LifecycleFinding(who, LifecycleFinding.Kind.OWNER_GONE, List.of(record.owner(), state))));
        personGone(record.sponsor(), directory).ifPresent(state ->
                findings.add(new LifecycleFinding(who, LifecycleFinding.Kind.SPONSOR_GONE, List.of(record.sponsor(), state))));
        reviewOverdue(record, markers, now).ifPresent(findings::add);
        if (reviewRequired(record, markers)) {
            findings.add(new LifecycleFinding(who, LifecycleFinding.Kind.REVIEW_REQUIRED, List.of(markers.reclassifiedAt().toString())));
        }
        return findings;
    }

    /** Reclassified (or autonomy raised) after the last review. */
    public boolean reviewRequired(GovernanceRecord record, LifecycleMarkers markers) {
        Instant reclassified = markers.reclassifiedAt();
        return reclassified != null && (record.lastReviewedAt() == null || record.lastReviewedAt().isBefore(reclassified));
    }

    /** The instant after which the review is overdue (due date plus grace); empty when the due date is unknown. */
    public Optional<Instant> overdueAfter(GovernanceRecord record, LifecycleMarkers markers) {
        return reviewDue(record, markers).map(due -> due.plus(settings.graceDays(record.identityClass(), record.riskTier()), ChronoUnit.DAYS));
    }

    /** When the next review is due (start of the review period plus cadence); empty when the start is unknown. */
    public Optional<Instant> reviewDue(GovernanceRecord record, LifecycleMarkers markers) {
        Instant start = record.lastReviewedAt() != null ? record.lastReviewedAt() : markers.createdAt();
        if (start == null) {
            return Optional.empty();
        }
        int cadence = record.reviewCadenceDays() != null ? record.reviewCadenceDays() : settings.cadenceDays(record.identityClass());
        return Optional.of(start.plus(cadence, ChronoUnit.DAYS));
    }

    private Optional<LifecycleFinding> reviewOverdue(GovernanceRecord record, LifecycleMarkers markers, Instant now) {
        Optional<Instant> due = reviewDue(record, markers);
        Optional<Instant> overdueAfter = overdueAfter(record, markers);
        if (due.isEmpty() || overdueAfter.isEmpty() || !now.isAfter(overdueAfter.get())) {
            return Optional.empty();
        }
        int grace = settings.graceDays(record.identityClass(), record.riskTier());
        return Optional.of(new LifecycleFinding(record.principal().username(), LifecycleFinding.Kind.REVIEW_OVERDUE,
                List.of(LocalDate.ofInstant(due.get(), ZoneOffset.UTC).toString(), String.valueOf(grace))));
    }

    private static Optional<String> personGone(String username, PrincipalDirectory directory) {
        if (username == null) {
            return Optional.empty();
        }
        Optional<PrincipalDirectory.PrincipalState> state = directory.find(username);
        if (state.isEmpty()) {
            return Optional.of(STATE_DELETED);
        }
        if (!state.get().enabled()) {
            return Optional.of(STATE_DISABLED);
        }
        if (state.get().identityClass() != IdentityClass.HUMAN) {
            return Optional.of(STATE_NOT_HUMAN);
        }
        return Optional.empty();
    }
}
