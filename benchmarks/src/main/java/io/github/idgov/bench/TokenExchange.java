package io.github.idgov.bench;

import java.net.http.HttpRequest;
import java.util.Map;

/**
 * The token exchange a realm is measured with: the baseline realm uses Keycloak's {@link #STANDARD} exchange, the
 * governed realm the pack's {@link #DELEGATED} one (issue 6), so the table compares delegated against standard as
 * the target asks.
 */
@FunctionalInterface
interface TokenExchange {

    String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:token-exchange";
    String ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";

    /** Keycloak's standard token exchange (v2): the API client exchanges a user's access token audienced to it. */
    TokenExchange STANDARD = (realm, subjectToken) -> realm.tokenRequest(BenchRealms.API_CLIENT,
            BenchRealms.API_SECRET, Map.of("grant_type", GRANT_TYPE, "subject_token", subjectToken,
                    "subject_token_type", ACCESS_TOKEN_TYPE, "requested_token_type", ACCESS_TOKEN_TYPE));

    /** The pack's delegated exchange: the ai-agent exchanges the user's token, which names it in may_act. */
    TokenExchange DELEGATED = (realm, subjectToken) -> realm.tokenRequest(BenchRealms.AGENT_CLIENT,
            BenchRealms.AGENT_SECRET, Map.of("grant_type", GRANT_TYPE, "subject_token", subjectToken,
                    "subject_token_type", ACCESS_TOKEN_TYPE));

    /** The request exchanging {@code subjectToken} (a user's access token from the app client) in this realm. */
    HttpRequest request(RealmEndpoints realm, String subjectToken);
}
