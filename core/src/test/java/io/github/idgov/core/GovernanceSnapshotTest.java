package io.github.idgov.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GovernanceSnapshotTest {

    private static GovernanceSnapshot snapshot(boolean enabled, String... keyValues) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put(keyValues[i], keyValues[i + 1]);
        }
        return GovernanceSnapshot.of(enabled, values::get);
    }

    private static final GovernanceSnapshot BOT = snapshot(true, "identity_class", "bot", "identity_owner", "olivia",
            "identity_purpose", "chat-ops", "identity_expires_at", "2027-01-31");

    @Test
    void noChangeNoRecord() {
        assertThat(GovernanceSnapshot.changes(BOT, snapshot(true, "identity_class", "bot", "identity_owner", "olivia",
                "identity_purpose", "chat-ops", "identity_expires_at", "2027-01-31", "identity_purpose", "chat-ops"), "b", "admin"))
                .isEmpty();
    }

    @Test
    void eachKindOfChangeIsItsOwnRecordWithFromAndTo() {
        GovernanceSnapshot after = snapshot(false, "identity_class", "ai-agent", "identity_owner", "paul",
                "identity_sponsor", "olivia", "identity_purpose", "triage", "identity_autonomy", "observe",
                "identity_expires_at", "2026-12-31");

        List<LifecycleChange> changes = GovernanceSnapshot.changes(BOT, after, "b", "admin");

        assertThat(changes).extracting(LifecycleChange::event).containsExactly(LifecycleEvent.RECLASSIFIED,
                LifecycleEvent.OWNER_CHANGED, LifecycleEvent.SPONSOR_CHANGED, LifecycleEvent.EXPIRY_CHANGED,
                LifecycleEvent.GOVERNANCE_CHANGED, LifecycleEvent.DISABLED);
        assertThat(changes).allSatisfy(c -> {
            assertThat(c.principal()).isEqualTo("b");
            assertThat(c.by()).isEqualTo("admin");
        });
        assertThat(changes.get(0).details()).isEqualTo(Map.of("identity_class", fromTo("bot", "ai-agent")));
        assertThat(changes.get(2).details()).isEqualTo(Map.of("identity_sponsor", fromTo(null, "olivia")));
        assertThat(changes.get(4).details()).containsOnlyKeys("identity_purpose", "identity_autonomy");
    }

    @Test
    void aFirstStoredClassIsAClassificationNotAReclassification() {
        GovernanceSnapshot derived = snapshot(true);
        List<LifecycleChange> changes = GovernanceSnapshot.changes(derived, snapshot(true, "identity_class", "human"), "h", "admin");

        assertThat(changes).extracting(LifecycleChange::event).containsExactly(LifecycleEvent.CLASSIFIED);
    }

    @Test
    void markersThePackWritesAreNotAdminChanges() {
        GovernanceSnapshot reviewed = snapshot(true, "identity_class", "bot", "identity_owner", "olivia",
                "identity_purpose", "chat-ops", "identity_expires_at", "2027-01-31",
                "identity_last_reviewed_at", "2026-11-29T10:00:00Z", "identity_review_status", "review-required");

        assertThat(GovernanceSnapshot.changes(BOT, reviewed, "b", "admin")).isEmpty();
    }

    @Test
    void enablingIsRecorded() {
        GovernanceSnapshot disabled = snapshot(false, "identity_class", "human");
        assertThat(GovernanceSnapshot.changes(disabled, snapshot(true, "identity_class", "human"), "h", "admin"))
                .extracting(LifecycleChange::event).containsExactly(LifecycleEvent.ENABLED);
    }

    @Test
    void blankValuesCountAsAbsent() {
        assertThat(GovernanceSnapshot.changes(snapshot(true, "identity_owner", " "), snapshot(true), "h", "admin")).isEmpty();
    }

    @Test
    void creationDescribesTheStartingPointWithoutPackMarkers() {
        assertThat(snapshot(true, "identity_class", "bot", "identity_review_status", "orphaned").describe())
                .isEqualTo(Map.of("identity_class", "bot", "enabled", true));
    }

    private static Map<String, Object> fromTo(String from, String to) {
        Map<String, Object> map = new HashMap<>();
        map.put("from", from);
        map.put("to", to);
        return map;
    }
}
