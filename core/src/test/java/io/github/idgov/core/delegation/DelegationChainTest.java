package io.github.idgov.core.delegation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class DelegationChainTest {

    @Test
    void depthCountsNestedActors() {
        assertThat(DelegationChain.depth(null)).isZero();
        assertThat(DelegationChain.depth("not an object")).isZero();
        Map<String, Object> one = DelegationChain.act("sa-1", "agent-1", "ai-agent", null);
        assertThat(DelegationChain.depth(one)).isEqualTo(1);
        assertThat(one).containsOnlyKeys("sub", "client_id", "identity_class");
        Map<String, Object> two = DelegationChain.act("sa-2", "agent-2", "ai-agent", one);
        assertThat(DelegationChain.depth(two)).isEqualTo(2);
        assertThat(two.get("act")).isEqualTo(one);
        assertThat(DelegationChain.currentActor(two)).isEqualTo("agent-2");
        assertThat(DelegationChain.currentActor(null)).isNull();
    }

    @Test
    void defaultDepthForbidsReDelegation() {
        assertThat(DelegationChain.allowsAnotherActor(0, DelegationChain.DEFAULT_MAX_DEPTH)).isTrue();
        assertThat(DelegationChain.allowsAnotherActor(1, DelegationChain.DEFAULT_MAX_DEPTH)).isFalse();
    }

    @Property
    void lifetimeNeverExceedsTtlNorSubject(@ForAll @IntRange(min = 0, max = 2_000_000_000) int now,
            @ForAll @IntRange(min = 1, max = 100_000) int ttl, @ForAll @IntRange(min = 0, max = 200_000) int subjectLeft) {
        long expiry = DelegatedLifetime.expiry(now, (long) now + subjectLeft, ttl);
        assertThat(expiry).isLessThanOrEqualTo((long) now + ttl).isLessThanOrEqualTo((long) now + subjectLeft);
        assertThat(expiry).isEqualTo(Math.min((long) now + ttl, (long) now + subjectLeft));
    }

    @Test
    void subjectWithoutExpiryIsCappedByTtl() {
        assertThat(DelegatedLifetime.expiry(1000L, 1001, null, 300)).as("from the token's iat, not the later clock").isEqualTo(1300);
        assertThat(DelegatedLifetime.expiry(null, 1001, null, 300)).as("no iat: the clock").isEqualTo(1301);
        assertThat(DelegatedLifetime.expiry(1000, null, 300)).isEqualTo(1300);
    }
}
