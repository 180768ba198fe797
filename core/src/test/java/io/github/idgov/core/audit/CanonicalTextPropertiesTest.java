package io.github.idgov.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

class CanonicalTextPropertiesTest {

    private static final String PREV = "ab".repeat(32);

    @Provide
    Arbitrary<Map<String, Object>> records() {
        return Arbitraries.maps(keys(), value(3)).ofMaxSize(8);
    }

    private static Arbitrary<String> keys() {
        return Arbitraries.oneOf(
                Arbitraries.of("id", "hash", "prev_hash", "seq", "type", "a", "z", "", "ß", "principal"),
                Arbitraries.strings().all().ofMaxLength(6));
    }

    private static Arbitrary<Object> value(int depth) {
        Arbitrary<Object> leaf = Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(12).map(s -> (Object) s),
                Arbitraries.strings().withChars("\"\\/\n\r\t\b\f\u0000\u001f\u007f\u00e9\u20ac\u2028").ofMaxLength(6).map(s -> (Object) s),
                Arbitraries.longs().between(-999_999_999_999_999_999L, 999_999_999_999_999_999L).map(l -> (Object) l),
                Arbitraries.bigDecimals().between(new BigDecimal("-1000"), new BigDecimal("1000")).ofScale(2).map(d -> (Object) d),
                Arbitraries.of(true, false).map(b -> (Object) b),
                Arbitraries.just(null));
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<Object> child = Arbitraries.lazy(() -> value(depth - 1));
        return Arbitraries.frequencyOf(Tuple.of(4, leaf), Tuple.of(1, child.list().ofMaxSize(3).map(l -> (Object) l)),
                Tuple.of(1, Arbitraries.maps(keys(), child).ofMaxSize(3).map(m -> (Object) m)));
    }

    /** Whatever the scan accepts is exactly the writer's text: parsing and writing it again changes nothing. */
    @Property(tries = 1000)
    void acceptedTextIsAFixedPointOfTheWriter(@ForAll("records") Map<String, Object> record) {
        String canonical = Json.canonical(record);

        Optional<CanonicalText> text = CanonicalText.of(canonical);

        text.ifPresent(t -> assertThat(Json.canonical(Json.parse(t.text()))).isEqualTo(canonical));
    }

    /** The fast link writes byte for byte the line and hash of the slow one. */
    @Property(tries = 1000)
    void fastLinkEqualsParseLinkWrite(@ForAll("records") Map<String, Object> record) {
        String canonical = Json.canonical(record);
        Optional<CanonicalText> text = CanonicalText.of(canonical).filter(HashChain::unlinked);
        Statistics.collect(text.isPresent());
        Statistics.coverage(coverage -> coverage.check(true).percentage(p -> p > 30));

        text.ifPresent(t -> {
            HashChain.Linked fast = HashChain.link(t, 42, PREV);
            Map<String, Object> slow = HashChain.link(Json.parseObject(canonical), 42, PREV);
            assertThat(fast.line()).isEqualTo(Json.canonical(slow));
            assertThat(fast.hash()).isEqualTo(slow.get(HashChain.HASH));
            assertThat(HashChain.expectedHash(Json.parseObject(fast.line()))).isEqualTo(fast.hash());
        });
    }

    /** The scan refuses only what it cannot prove: a record of plain keys, strings, longs and booleans always passes. */
    @Property(tries = 500)
    void plainRecordsAreAccepted(@ForAll("plainRecords") Map<String, Object> record) {
        assertThat(CanonicalText.of(Json.canonical(record))).isPresent();
    }

    @Provide
    Arbitrary<Map<String, Object>> plainRecords() {
        Arbitrary<Object> leaf = Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(12).map(s -> (Object) s),
                Arbitraries.longs().between(0, 999_999_999_999_999_999L).map(l -> (Object) l),
                Arbitraries.of(true, false).map(b -> (Object) b));
        Arbitrary<String> plainKeys = Arbitraries.strings().withCharRange('a', 'z').ofMaxLength(8);
        Arbitrary<Object> nested = Arbitraries.maps(plainKeys, leaf).ofMaxSize(4).map(m -> (Object) m);
        return Arbitraries.maps(plainKeys, Arbitraries.oneOf(leaf, nested)).ofMaxSize(10);
    }
}
