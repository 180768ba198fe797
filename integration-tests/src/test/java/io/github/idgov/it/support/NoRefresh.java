package io.github.idgov.it.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The refresh an agent might try with the access token it holds for a person (a login into its client, a delegated
 * exchange): no refresh token was issued, and the access token is not one, so the grant is refused.
 */
public final class NoRefresh {

    private NoRefresh() {
    }

    /** Sends {@code accessToken} as the agent's refresh token and asserts 400 {@code invalid_grant}. */
    public static void assertRefused(String realmUrl, ClientAuthentication agent, String accessToken) throws Exception {
        Map<String, List<String>> refresh = new LinkedHashMap<>();
        refresh.put("grant_type", List.of("refresh_token"));
        refresh.put("refresh_token", List.of(accessToken));
        TokenEndpoint.Answer refused = new TokenEndpoint(realmUrl).post(agent, refresh);
        assertThat(refused.status()).as(refused.describe()).isEqualTo(400);
        assertThat(refused.error()).isEqualTo("invalid_grant");
    }
}
