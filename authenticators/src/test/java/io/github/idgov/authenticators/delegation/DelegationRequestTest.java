package io.github.idgov.authenticators.delegation;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.core.MultivaluedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DelegationRequestTest {

    private static final String ACCESS = "urn:ietf:params:oauth:token-type:access_token";

    @Test
    void aCompleteRequestIsParsed() {
        MultivaluedHashMap<String, String> form = form(Map.of("subject_token", "t", "subject_token_type", ACCESS,
                "scope", " openid  orders:read orders:write ", "resource", "orders-api"));
        form.add("audience", "billing-api");
        DelegationRequest request = DelegationRequest.parse(form).request();
        assertThat(request.scopes()).containsExactlyInAnyOrder("orders:read", "orders:write");
        assertThat(request.openid()).isTrue();
        assertThat(request.audiences()).containsExactlyInAnyOrder("orders-api", "billing-api");
        assertThat(request.actorToken()).isNull();
    }

    @Test
    void eachBadParameterIsNamed() {
        assertRefusal(Map.of("subject_token_type", ACCESS), "subject_token is required");
        assertRefusal(Map.of("subject_token", "t"), "subject_token_type is required");
        assertRefusal(Map.of("subject_token", "t", "subject_token_type", "x"), "subject_token_type must be");
        assertRefusal(Map.of("subject_token", "t", "subject_token_type", ACCESS, "actor_token", "a"), "actor_token_type is required");
        assertRefusal(Map.of("subject_token", "t", "subject_token_type", ACCESS, "actor_token", " "), "actor_token is empty");
        assertRefusal(Map.of("subject_token", "t", "subject_token_type", ACCESS, "requested_token_type",
                "urn:ietf:params:oauth:token-type:refresh_token"), "requested_token_type must be");
        assertRefusal(Map.of("subject_token", "t", "subject_token_type", ACCESS, "scope", "a\\b"), "scope contains an invalid scope token");
        assertRefusal(Map.of("subject_token", "t", "subject_token_type", ACCESS, "audience", ""), "audience is empty");
        for (String forbidden : List.of("requested_subject", "requested_issuer", "subject_issuer")) {
            assertRefusal(Map.of("subject_token", "t", "subject_token_type", ACCESS, forbidden, "x"), forbidden + " is not allowed");
        }
    }

    private static void assertRefusal(Map<String, String> params, String description) {
        DelegationRequest.Result result = DelegationRequest.parse(form(params));
        assertThat(result.request()).isNull();
        assertThat(result.refusal().error()).isEqualTo("invalid_request");
        assertThat(result.refusal().description()).startsWith(description);
    }

    private static MultivaluedHashMap<String, String> form(Map<String, String> params) {
        MultivaluedHashMap<String, String> form = new MultivaluedHashMap<>();
        params.forEach(form::add);
        return form;
    }
}
