package io.github.idgov.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {

    @Test
    void parsesObjectsArraysAndScalars() {
        Object parsed = Json.parse(" { \"a\" : [1, -2, true, false, null, \"x\"], \"b\" : { } , \"c\": [] } ");

        assertThat(parsed).isInstanceOf(Map.class);
        Map<?, ?> map = (Map<?, ?>) parsed;
        assertThat(map.get("a")).isEqualTo(Arrays.asList(1L, -2L, true, false, null, "x"));
        assertThat(map.get("b")).isEqualTo(Map.of());
        assertThat(map.get("c")).isEqualTo(List.of());
    }

    @Test
    void canonicalSortsKeysAtEveryDepthWithoutWhitespace() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("z", 1L);
        inner.put("a", List.of(Map.of("y", "1", "b", "2")));
        Map<String, Object> outer = new LinkedHashMap<>();
        outer.put("zeta", inner);
        outer.put("alpha", true);
        outer.put("mid", null);

        assertThat(Json.canonical(outer))
                .isEqualTo("{\"alpha\":true,\"mid\":null,\"zeta\":{\"a\":[{\"b\":\"2\",\"y\":\"1\"}],\"z\":1}}");
    }

    @Test
    void canonicalOfParsedPrettyTextDropsAllInsignificantWhitespace() {
        String pretty = "{\n  \"b\" : [ 1 ,\t2 ],\r\n  \"a\" : { \"d\" : \"x y\" , \"c\" : null }\n}\n";

        String canonical = Json.canonical(Json.parse(pretty));

        assertThat(canonical).isEqualTo("{\"a\":{\"c\":null,\"d\":\"x y\"},\"b\":[1,2]}");
        assertThat(Json.canonical(Json.parse(canonical))).isEqualTo(canonical);
    }

    @Test
    void escapesRoundTrip() {
        String nasty = "quote \" backslash \\ slash / nl \n cr \r tab \t bs \b ff \f nul \u0000 us \u001f del \u007f"
                + " e\u0301 \u00e9 \u20ac \uD83D\uDE00 \u2028";

        String canonical = Json.canonical(nasty);

        assertThat(Json.parse(canonical)).isEqualTo(nasty);
        assertThat(canonical).contains("\\\"", "\\\\", "\\n", "\\r", "\\t", "\\b", "\\f", "\\u0000", "\\u001f");
        assertThat(canonical.chars().filter(c -> c < 0x20)).as("no raw control characters").isEmpty();
    }

    @Test
    void unicodeEscapesAreDecodedIncludingSurrogatePairs() {
        assertThat(Json.parse("\"\\u0041\\u00e9\\u20AC\\ud83d\\ude00\\/\"")).isEqualTo("A\u00e9\u20ac\uD83D\uDE00/");
    }

    @Test
    void numbers() {
        assertThat(Json.parse("0")).isEqualTo(0L);
        assertThat(Json.parse("-42")).isEqualTo(-42L);
        assertThat(Json.parse("123456789012345678")).isEqualTo(123456789012345678L);
        assertThat(Json.parse("-1.5")).isEqualTo(new BigDecimal("-1.5"));
        assertThat(Json.parse("1e5")).isInstanceOf(BigDecimal.class);
        assertThat((BigDecimal) Json.parse("1e5")).isEqualByComparingTo("100000");
        assertThat((BigDecimal) Json.parse("2.5E-3")).isEqualByComparingTo("0.0025");
        assertThat(Json.canonical(Json.parse("1.50"))).isEqualTo("1.50");
        assertThat(Json.canonical(Json.parse("2.5E-3"))).isEqualTo("0.0025");
        assertThat(Json.canonical(Json.parse("1e5"))).isEqualTo("100000");
        assertThat(Json.canonical(List.of(1, 2L, 0.5d, new BigDecimal("7")))).isEqualTo("[1,2,0.5,7]");
    }

    /**
     * Regression (found and fixed): Json.Reader#number only parses integers of at most 18 digits as Long, so a Long of 19 digits
     * (e.g. Long.MAX_VALUE) written by canonical() comes back as a BigDecimal: parse(canonical(x)) != x.
     */
    @Test
    void everyLongRoundTripsAsALong() {
        for (long value : new long[] {Long.MAX_VALUE, Long.MIN_VALUE, 1_000_000_000_000_000_000L, -999_999_999_999_999_999L}) {
            assertThat(Json.parse(Json.canonical(value))).as("round trip of %d", value).isEqualTo(value);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{} x", "[1] 2", "truex", "nul", "tru", "True", "NULL", "hello", "{\"a\":1}}",
            "{\"a\":1,\"a\":2}", "{\"a\":{\"b\":1,\"b\":1}}",
            "\"abc", "{\"a\":\"abc}", "\"abc\\\"",
            "\"\\x\"", "\"\\u12\"", "\"\\uZZZZ\"", "\"\\'\"",
            "\"raw\nnewline\"", "\"raw\ttab\"",
            "", "   ", "{", "[", "[1,", "[1 2]", "{\"a\" 1}", "{\"a\":}", "{a:1}", "{1:1}", "[,]", "[1,]", "{\"a\":1,}",
            "-", "1e", "1.2.3", "--1", "0x10", "NaN", "Infinity", "'a'"})
    void malformedInputIsRejected(String text) {
        assertThatThrownBy(() -> Json.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void malformedInputMessagesNameTheOffset() {
        assertThatThrownBy(() -> Json.parse("{\"a\":1,\"a\":2}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("duplicate key a");
        assertThatThrownBy(() -> Json.parse("[1] 2"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("trailing characters");
        assertThatThrownBy(() -> Json.parse("\"\\q\"")).hasMessageContaining("bad escape");
        assertThatThrownBy(() -> Json.parse("\"abc")).hasMessageContaining("invalid JSON at offset");
    }

    /**
     * Regression (found and fixed): (leniency): the reader accepts text that is not JSON (RFC 8259): numbers with a leading '+', leading zeros,
     * no digit before or after the decimal point; a sign inside a \\u escape (Integer.parseInt accepts it); and
     * non-JSON whitespace (Character.isWhitespace, e.g. vertical tab, U+001F, U+2028).
     */
    @ParameterizedTest
    @ValueSource(strings = {"+1", "01", "-01", ".5", "1.", "\"\\u+041\"", "\"\\u-041\"", "\u000b1", "1\u001f", "\u20281"})
    void nonJsonNumbersEscapesAndWhitespaceAreRejected(String text) {
        assertThatThrownBy(() -> Json.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parseObjectRejectsNonObjects() {
        assertThat(Json.parseObject("{\"a\":1}")).containsEntry("a", 1L);
        for (String text : List.of("[]", "1", "\"s\"", "null", "true")) {
            assertThatThrownBy(() -> Json.parseObject(text)).as(text).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void parsePreservesDocumentKeyOrderButCanonicalIgnoresIt() {
        Map<String, Object> first = Json.parseObject("{\"b\":1,\"a\":2}");
        Map<String, Object> second = Json.parseObject("{\"a\":2,\"b\":1}");

        assertThat(new ArrayList<>(first.keySet())).containsExactly("b", "a");
        assertThat(Json.canonical(first)).isEqualTo(Json.canonical(second)).isEqualTo("{\"a\":2,\"b\":1}");
    }

    @Test
    void deeplyNestedStructuresRoundTrip() {
        Object value = "leaf";
        for (int i = 0; i < 200; i++) {
            value = (i % 2 == 0) ? List.of(value) : Map.of("k" + i, value);
        }
        String canonical = Json.canonical(value);

        assertThat(Json.parse(canonical)).isEqualTo(value);
    }
}
