package io.github.idgov.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CanonicalTextTest {

    @Test
    void locatesTopLevelMembersAndReadsAPlainString() {
        CanonicalText text = CanonicalText.of("{\"a\":{\"id\":\"inner\"},\"id\":\"r-1\",\"n\":[1,\"x\"],\"z\":null}").orElseThrow();

        assertThat(text.plainString("id")).isEqualTo("r-1");
        assertThat(text.plainString("a")).isNull();
        assertThat(text.plainString("missing")).isNull();
        assertThat(text.has("z")).isTrue();
        assertThat(text.has("inner")).isFalse();
    }

    @Test
    void anEscapedStringIsNotReadAsPlain() {
        assertThat(CanonicalText.of("{\"id\":\"a\\\"b\"}").orElseThrow().plainString("id")).isNull();
    }

    @Test
    void addsMembersAtTheirSortedPlaces() {
        CanonicalText text = CanonicalText.of("{\"b\":1,\"d\":2}").orElseThrow();

        assertThat(text.with(List.of("a", "c", "e"), List.of("0", "\"x\"", "true")))
                .isEqualTo("{\"a\":0,\"b\":1,\"c\":\"x\",\"d\":2,\"e\":true}");
        assertThat(CanonicalText.of("{}").orElseThrow().with(List.of("k"), List.of("1"))).isEqualTo("{\"k\":1}");
    }

    @Test
    void refusesToAddAKeyThatIsPresentOrOutOfOrder() {
        CanonicalText text = CanonicalText.of("{\"b\":1}").orElseThrow();

        assertThatThrownBy(() -> text.with(List.of("b"), List.of("2"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> text.with(List.of("c", "a"), List.of("2", "3"))).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"b\":1,\"a\":2}", // unsorted
            "{\"a\":1,\"a\":2}", // duplicate
            "{ \"a\":1}", // whitespace
            "{\"a\":{\"y\":1,\"x\":2}}", // unsorted inside
            "{\"a\":01}", "{\"a\":-0}", "{\"a\":1e5}", "{\"a\":1.5}", "{\"a\":1234567890123456789}",
            "{\"a\":\"\\u0041\"}", // an escape the writer does not use
            "{\"a\":\"\\u000a\"}", // \n spelled long
            "{\"a\":\"\\/\"}",
            "{\"a\\\"\":1}", // escaped key
            "{\"a\":1}x", "[1]", "{\"a\":tru}", "{\"a\":\"open}", ""})
    void refusesWhatTheWriterWouldNotHaveWritten(String text) {
        assertThat(CanonicalText.of(text)).isEmpty();
    }

    @Test
    void linksARecordOfTheOutboxAsTheSlowPathDoes() {
        String record = "{\"id\":\"9f\",\"principal\":{\"class\":\"bot\"},\"time\":1764489600123,\"type\":\"CLIENT_LOGIN\"}";

        HashChain.Linked fast = HashChain.link(CanonicalText.of(record).orElseThrow(), 7, HashChain.GENESIS);

        assertThat(fast.line()).isEqualTo(Json.canonical(HashChain.link(Json.parseObject(record), 7, HashChain.GENESIS)));
        assertThat(fast.line()).contains("\"seq\":7,\"time\"");
    }
}
