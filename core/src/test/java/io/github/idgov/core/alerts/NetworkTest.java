package io.github.idgov.core.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NetworkTest {

    @Test
    void rangesAreSlash24AndSlash64() {
        assertThat(NetworkRange.of("203.0.113.77")).contains("203.0.113.0/24");
        assertThat(NetworkRange.of("127.0.1.1")).contains("127.0.1.0/24");
        assertThat(NetworkRange.of("2001:db8:abcd:12:1:2:3:4")).contains("2001:db8:abcd:12::/64");
        assertThat(NetworkRange.of("::1")).contains("0:0:0:0::/64");
        assertThat(NetworkRange.of("fe80::1%eth0")).contains("fe80:0:0:0::/64");
    }

    @Test
    void namesAndGarbageAreNotLookedUp() {
        assertThat(NetworkRange.of("example.org")).isEmpty();
        assertThat(NetworkRange.of("localhost")).isEmpty();
        assertThat(NetworkRange.of("")).isEmpty();
        assertThat(NetworkRange.of(null)).isEmpty();
        assertThat(NetworkRange.of("999.1.1.1")).isEmpty();
    }

    @Test
    void theFirstRangeIsLearnedAndANewOneAlerts() {
        NetworkMemory.Outcome first = NetworkMemory.observe(null, "10.0.0.0/24", 3);
        assertThat(first.alert()).isFalse();
        assertThat(first.stored()).isEqualTo("10.0.0.0/24");
        assertThat(NetworkMemory.observe(first.stored(), "10.0.0.0/24", 3).stored()).as("known: nothing written").isNull();

        NetworkMemory.Outcome second = NetworkMemory.observe(first.stored(), "10.0.1.0/24", 3);
        assertThat(second.alert()).isTrue();
        assertThat(second.known()).containsExactly("10.0.0.0/24");
        assertThat(second.stored()).isEqualTo("10.0.0.0/24,10.0.1.0/24");

        NetworkMemory.Outcome back = NetworkMemory.observe(second.stored(), "10.0.0.0/24", 3);
        assertThat(back.alert()).isFalse();
        assertThat(back.stored()).as("known: nothing written").isNull();
    }

    @Test
    void memoryIsCappedDroppingTheOldest() {
        String stored = "a,b,c";
        NetworkMemory.Outcome outcome = NetworkMemory.observe(stored, "d", 3);
        assertThat(outcome.alert()).isTrue();
        assertThat(outcome.stored()).isEqualTo("b,c,d");
    }
}
