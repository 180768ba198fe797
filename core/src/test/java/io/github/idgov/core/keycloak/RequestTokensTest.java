package io.github.idgov.core.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestTokensTest {

    @Test
    void onlyThreeDotSeparatedPartsAreACompactJws() {
        assertThat(RequestTokens.compactJws("a.b.c")).isTrue();
        assertThat(RequestTokens.compactJws("..")).isTrue();
        assertThat(RequestTokens.compactJws("a.b")).isFalse();
        assertThat(RequestTokens.compactJws("a.b.c.d.e")).as("an encrypted token (JWE)").isFalse();
        assertThat(RequestTokens.compactJws("abc")).isFalse();
        assertThat(RequestTokens.compactJws("")).isFalse();
    }
}
