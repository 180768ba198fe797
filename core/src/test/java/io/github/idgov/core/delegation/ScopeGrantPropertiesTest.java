package io.github.idgov.core.delegation;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idgov.core.Autonomy;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Properties of the delegated scope algebra over arbitrary scope universes, markers and requests. */
class ScopeGrantPropertiesTest {

    @Property
    void grantedIsWithinAssignedSubjectAndTierAndNeverIrreversible(@ForAll("scopes") Set<String> assigned,
            @ForAll("scopes") Set<String> subject, @ForAll("scopes") Set<String> requested,
            @ForAll("markers") ScopeGrant.Markers markers, @ForAll Autonomy autonomy) {
        Set<String> granted = new ScopeGrant(assigned, subject, markers, autonomy).granted(requested);
        assertThat(assigned).containsAll(granted);
        assertThat(subject).containsAll(granted);
        if (!requested.isEmpty()) {
            assertThat(requested).containsAll(granted);
        }
        for (String scope : granted) {
            assertThat(markers.isIrreversible(scope)).isFalse();
            assertThat(markers.tierOf(scope).compareTo(autonomy)).isLessThanOrEqualTo(0);
        }
    }

    @Property
    void aRequestIsRefusedExactlyWhenItAsksForMoreThanIsGranted(@ForAll("scopes") Set<String> assigned,
            @ForAll("scopes") Set<String> subject, @ForAll("scopes") Set<String> requested,
            @ForAll("markers") ScopeGrant.Markers markers, @ForAll Autonomy autonomy) {
        if (requested.isEmpty()) {
            return; // an empty request asks for the intersection: nothing to refuse
        }
        ScopeGrant grant = new ScopeGrant(assigned, subject, markers, autonomy);
        boolean refused = grant.refusal(requested).isPresent();
        assertThat(refused).isEqualTo(!grant.granted(requested).equals(requested));
        grant.refusal(requested).ifPresent(r -> assertThat(requested).contains(r.scope()));
    }

    @Property
    void moreAutonomyNeverGrantsLess(@ForAll("scopes") Set<String> assigned, @ForAll("scopes") Set<String> subject,
            @ForAll("markers") ScopeGrant.Markers markers, @ForAll Autonomy lower, @ForAll Autonomy higher) {
        if (lower.compareTo(higher) > 0) {
            return;
        }
        Set<String> low = new ScopeGrant(assigned, subject, markers, lower).granted(Set.of());
        Set<String> high = new ScopeGrant(assigned, subject, markers, higher).granted(Set.of());
        assertThat(high).containsAll(low);
    }

    @Provide
    Arbitrary<Set<String>> scopes() {
        return Arbitraries.of("a", "b", "c", "d", "e", "f").set().ofMaxSize(6);
    }

    @Provide
    Arbitrary<ScopeGrant.Markers> markers() {
        Arbitrary<Map<String, Autonomy>> tiers = Arbitraries.maps(Arbitraries.of("a", "b", "c", "d", "e", "f"),
                Arbitraries.of(Autonomy.class)).ofMaxSize(6);
        return tiers.flatMap(t -> scopes().map(irreversible -> new ScopeGrant.Markers(new HashMap<>(t), new HashSet<>(irreversible))));
    }
}
