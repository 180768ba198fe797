package io.github.idgov.core.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.IDToken;
import org.keycloak.util.JsonSerialization;

class NarrowedTokensTest {

    @Test
    void theIdTokenTakesTheFreshClaimsAndLosesTheDroppedOnesTypedOrNot() throws Exception {
        IDToken built = new IDToken();
        built.subject("alice-id");
        built.exp(600L);
        built.setNonce("n1");
        built.setEmail("typed@example.org"); // a typed claim
        built.getOtherClaims().put("email", "alice@example.org"); // where Keycloak's mappers put it
        built.getOtherClaims().put("name", "Alice Test");
        built.getOtherClaims().put("amr", List.of("pwd"));
        IDToken fresh = new IDToken();
        fresh.subject("alice-id");
        fresh.exp(300L);
        fresh.setNonce("n1");
        fresh.getOtherClaims().put("amr", List.of("pwd"));
        fresh.getOtherClaims().put("identity_class", "human");

        NarrowedTokens.replaceClaims(built, fresh);

        @SuppressWarnings("unchecked")
        Map<String, Object> json = JsonSerialization.readValue(JsonSerialization.writeValueAsString(built), Map.class);
        assertThat(json).containsEntry("sub", "alice-id").containsEntry("nonce", "n1").containsEntry("identity_class", "human")
                .containsEntry("amr", List.of("pwd")).doesNotContainKeys("email", "name");
        assertThat(((Number) json.get("exp")).longValue()).isEqualTo(300L);
        assertThat(built.getEmail()).isNull();
    }
}
