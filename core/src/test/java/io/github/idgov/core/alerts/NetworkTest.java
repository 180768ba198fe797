package io.github.idgov.core.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
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

    @Test
    void theDottedQuadShortcutAgreesWithTheGeneralParser() throws Exception {
        java.util.Random random = new java.util.Random(42);
        String alphabet = "0123456789.";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder address = new StringBuilder();
            if (i % 2 == 0) { // well-formed quads, edge values included
                for (int part = 0; part < 4; part++) {
                    address.append(part == 0 ? "" : ".").append(List.of(0, 1, 9, 10, 99, 100, 199, 255, 256).get(random.nextInt(9)));
                }
            } else { // anything of digits and dots
                for (int n = random.nextInt(16); n > 0; n--) {
                    address.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            String shortcut = NetworkRange.dottedQuadRange(address.toString());
            if (shortcut != null) {
                byte[] bytes = java.net.InetAddress.getByName(address.toString()).getAddress();
                assertThat(shortcut).as(address.toString())
                        .isEqualTo((bytes[0] & 0xff) + "." + (bytes[1] & 0xff) + "." + (bytes[2] & 0xff) + ".0/24");
            }
        }
        assertThat(NetworkRange.dottedQuadRange("127.0.0.1")).isEqualTo("127.0.0.0/24");
        assertThat(NetworkRange.dottedQuadRange("010.0.0.1")).as("leading zero: the general parser decides").isNull();
        assertThat(NetworkRange.dottedQuadRange("1.2.3")).isNull();
        assertThat(NetworkRange.dottedQuadRange("1.2.3.4.")).isNull();
        assertThat(NetworkRange.dottedQuadRange("256.1.1.1")).isNull();
        assertThat(NetworkRange.of(" 203.0.113.77 ")).contains("203.0.113.0/24");
    }

    @Test
    void aKnownRangeIsFoundAsObserveFindsIt() {
        java.util.Random random = new java.util.Random(7);
        String[] pieces = {"a", "b", "ab", " ", ",", "", "\t"};
        for (int i = 0; i < 20_000; i++) {
            StringBuilder stored = new StringBuilder();
            for (int n = random.nextInt(8); n > 0; n--) {
                stored.append(pieces[random.nextInt(pieces.length)]);
            }
            for (String range : List.of("a", "b", "ab", "a b")) {
                assertThat(NetworkMemory.knows(stored.toString(), range)).as("'%s' in '%s'", range, stored)
                        .isEqualTo(NetworkMemory.observe(stored.toString(), range, 100).stored() == null);
            }
        }
        assertThat(NetworkMemory.knows(null, "10.0.0.0/24")).isFalse();
        assertThat(NetworkMemory.knows("10.0.0.0/24, 10.0.1.0/24", "10.0.1.0/24")).isTrue();
        assertThat(NetworkMemory.knows("10.0.0.0/24,10.0.1.0/24", "10.0.1.0/2")).isFalse();
    }
}
