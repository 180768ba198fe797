package io.github.idgov.core;

import static io.github.idgov.core.Fixtures.DIRECTORY;
import static io.github.idgov.core.Fixtures.NOW;
import static io.github.idgov.core.Fixtures.TODAY;
import static io.github.idgov.core.Fixtures.complete;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The review index stores facts, and the database turns them into statuses with plain comparisons. These properties
 * hold those comparisons to the lifecycle policy the token gate applies: the same boundaries, the same days.
 */
class IndexedIdentityTest {

    private static final LifecyclePolicy POLICY = new LifecyclePolicy(LifecycleSettings.defaults());
    private static final PrincipalRef MACHINE = new PrincipalRef("id-1", "svc-1", "svc");

    @Property
    void storedFactsGiveThePolicysFindings(@ForAll @IntRange(min = -400, max = 400) int expiresInDays,
                                           @ForAll @IntRange(min = 0, max = 900) int createdDaysAgo,
                                           @ForAll @IntRange(min = 1, max = 400) int cadenceDays,
                                           @ForAll @IntRange(min = -1, max = 60) int reclassifiedDaysAgo,
                                           @ForAll IdentityClass identityClass) {
        var attrs = complete(identityClass).with(GovernanceAttribute.EXPIRES_AT, TODAY.plusDays(expiresInDays).toString())
                .with(GovernanceAttribute.REVIEW_CADENCE_DAYS, String.valueOf(cadenceDays));
        GovernanceRecord record = GovernanceRecords.from(MACHINE, attrs.map());
        LifecycleMarkers markers = new LifecycleMarkers(NOW.minus(createdDaysAgo, ChronoUnit.DAYS),
                reclassifiedDaysAgo < 0 ? null : NOW.minus(reclassifiedDaysAgo, ChronoUnit.DAYS));
        IndexedIdentity facts = IndexedIdentity.of(record, markers, POLICY, true);
        List<LifecycleFinding.Kind> kinds = POLICY.evaluate(record, markers, NOW, DIRECTORY).stream().map(LifecycleFinding::kind).toList();

        // the SQL predicates of the review index, written out in Java
        boolean expired = facts.expiresOn() != null && facts.expiresOn().compareTo(TODAY.toString()) <= 0;
        boolean overdue = facts.overdueAfter() != null && facts.overdueAfter() < NOW.toEpochMilli();
        assertThat(expired).isEqualTo(kinds.contains(LifecycleFinding.Kind.EXPIRED));
        assertThat(overdue).isEqualTo(kinds.contains(LifecycleFinding.Kind.REVIEW_OVERDUE));
        assertThat(facts.reviewRequired()).isEqualTo(kinds.contains(LifecycleFinding.Kind.REVIEW_REQUIRED));
        assertThat(facts.reviewDueAt()).isEqualTo(POLICY.reviewDue(record, markers).map(Instant::toEpochMilli).orElse(null));
    }

    @Property
    void theIncompleteFlagIsTheTokenGatesRule(@ForAll IdentityClass identityClass, @ForAll boolean owner, @ForAll boolean sponsor,
                                              @ForAll boolean purpose, @ForAll boolean expiry) {
        var attrs = complete(identityClass);
        if (!owner) {
            attrs = attrs.without(GovernanceAttribute.OWNER);
        }
        if (!sponsor) {
            attrs = attrs.without(GovernanceAttribute.SPONSOR);
        }
        if (!purpose) {
            attrs = attrs.without(GovernanceAttribute.PURPOSE);
        }
        if (!expiry) {
            attrs = attrs.without(GovernanceAttribute.EXPIRES_AT);
        }
        GovernanceRecord record = GovernanceRecords.from(MACHINE, attrs.map());
        IndexedIdentity facts = IndexedIdentity.of(record, new LifecycleMarkers(NOW, null), POLICY, true);
        boolean machineMissesOne = identityClass.isMachine()
                && (!owner || !purpose || !expiry || (identityClass == IdentityClass.AI_AGENT && !sponsor));
        assertThat(facts.incomplete()).isEqualTo(machineMissesOne);
        assertThat(RequiredAttributes.finding(record).isPresent()).isEqualTo(machineMissesOne);
    }

    @Test
    void theIncompleteFindingNamesTheMissingAttributes() {
        var attrs = complete(IdentityClass.SERVICE_ACCOUNT).without(GovernanceAttribute.OWNER).without(GovernanceAttribute.EXPIRES_AT);
        LifecycleFinding finding = RequiredAttributes.finding(GovernanceRecords.from(MACHINE, attrs.map())).orElseThrow();
        assertThat(finding.kind()).isEqualTo(LifecycleFinding.Kind.INCOMPLETE);
        assertThat(finding.policy()).isEqualTo("governance-attributes");
        assertThat(finding.describe()).startsWith("svc-1: a service-account needs identity_owner, identity_expires_at");
    }

    @Test
    void ownerAndSponsorAreStoredAsKeycloakStoresUsernames() {
        var attrs = complete(IdentityClass.AI_AGENT).with(GovernanceAttribute.OWNER, "Alice").with(GovernanceAttribute.SPONSOR, "BOB");
        IndexedIdentity facts = IndexedIdentity.of(GovernanceRecords.from(MACHINE, attrs.map()), new LifecycleMarkers(NOW, null), POLICY, false);
        assertThat(facts.owner()).isEqualTo("alice");
        assertThat(facts.sponsor()).isEqualTo("bob");
        assertThat(facts.enabled()).isFalse();
        assertThat(facts.identityClass()).isEqualTo("ai-agent");
        assertThat(facts.createdAt()).isEqualTo(NOW.toEpochMilli());
    }

    @Test
    void expiryDatesCompareAsStringsInDateOrder() {
        assertThat("2026-11-28".compareTo("2026-11-29")).isNegative();
        assertThat("2026-12-01".compareTo("2026-11-29")).isPositive();
        assertThat("2027-01-01".compareTo("2026-12-31")).isPositive();
    }
}
