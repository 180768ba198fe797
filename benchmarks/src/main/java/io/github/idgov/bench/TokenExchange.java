package io.github.idgov.bench;

import java.net.http.HttpRequest;
import java.util.Map;

/**
 * The token exchange a realm is measured with. Both realms use {@link #STANDARD} for now; issue 6 (agent
 * delegation) adds the delegated exchange — an agent exchanging the user's token with its own actor token — and
 * hands it to the governed realm in {@link AbBenchmark#GOVERNED_EXCHANGE}, so the table compares delegated
 * against standard as the target asks.
 */
@FunctionalInterface
interface TokenExchange {

    String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:token-exchange";
    String ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";

    /** Keycloak's standard token exchange (v2): the API client exchanges a user's access token audienced to it. */
    TokenExchange STANDARD = (realm, subjectToken) -> realm.tokenRequest(BenchRealms.API_CLIENT,
            BenchRealms.API_SECRET, Map.of("grant_type", GRANT_TYPE, "subject_token", subjectToken,
                    "subject_token_type", ACCESS_TOKEN_TYPE, "requested_token_type", ACCESS_TOKEN_TYPE));

    /** The request exchanging {@code subjectToken} (a user's access token from the app client) in this realm. */
    HttpRequest request(RealmEndpoints realm, String subjectToken);
}
