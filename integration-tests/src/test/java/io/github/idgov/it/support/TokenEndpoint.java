package io.github.idgov.it.support;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.util.URLUtils;
import com.nimbusds.common.contenttype.ContentType;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Raw token-endpoint requests through the Nimbus HTTP layer, for what the typed grants cannot express: RFC 8693
 * parameters in any combination, missing or malformed on purpose. Answers keep status, body and decoded claims.
 */
public final class TokenEndpoint {

    private final URI tokenEndpoint;

    public TokenEndpoint(String realmUrl) {
        this.tokenEndpoint = URI.create((realmUrl.endsWith("/") ? realmUrl : realmUrl + "/") + "protocol/openid-connect/token");
    }

    /** A form POST; each parameter may repeat (a list value). A null client sends no client authentication. */
    public Answer post(ClientAuthentication client, Map<String, List<String>> form) throws Exception {
        HTTPRequest request = new HTTPRequest(HTTPRequest.Method.POST, tokenEndpoint);
        request.setEntityContentType(ContentType.APPLICATION_URLENCODED);
        request.setBody(URLUtils.serializeParameters(form));
        if (client != null) {
            client.applyTo(request);
        }
        HTTPResponse response = request.send();
        Map<String, Object> body = response.getBody() == null || response.getBody().isBlank() ? Map.of()
                : new LinkedHashMap<>(response.getBodyAsJSONObject());
        return new Answer(response.getStatusCode(), body, response.getHeaderMap());
    }

    /** An exchange request: grant type set, the given single-valued parameters (null values left out). */
    public Answer exchange(ClientAuthentication agent, Map<String, String> params) throws Exception {
        Map<String, List<String>> form = new LinkedHashMap<>();
        form.put("grant_type", List.of("urn:ietf:params:oauth:grant-type:token-exchange"));
        params.forEach((k, v) -> {
            if (v != null) {
                form.put(k, List.of(v));
            }
        });
        return post(agent, form);
    }

    /** The status, JSON body and headers of a token-endpoint answer. */
    public record Answer(int status, Map<String, Object> body, Map<String, List<String>> headers) {

        public boolean ok() {
            return status == 200;
        }

        public String error() {
            return (String) body.get("error");
        }

        public String description() {
            return String.valueOf(body.get("error_description"));
        }

        public String accessToken() {
            return (String) body.get("access_token");
        }

        public JWTClaimsSet claims() throws Exception {
            if (!ok()) {
                throw new AssertionError("no token: " + describe());
            }
            return JWTParser.parse(accessToken()).getJWTClaimsSet();
        }

        public String describe() {
            return status + " " + body;
        }

        /** A response header's first value (case-insensitive name), or null. */
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey() != null && e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst().orElse(null);
        }
    }
}
