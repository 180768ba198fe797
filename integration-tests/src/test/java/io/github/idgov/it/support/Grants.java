package io.github.idgov.it.support;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.ResourceOwnerPasswordCredentialsGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.TokenTypeURI;
import com.nimbusds.oauth2.sdk.tokenexchange.TokenExchangeGrant;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationRequest;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationResponse;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.device.DeviceCode;
import com.nimbusds.oauth2.sdk.device.DeviceCodeGrant;
import java.net.URI;
import java.util.Map;

/**
 * Every grant the lifecycle gate covers, through the Nimbus OAuth 2.0 SDK: client credentials, password, refresh,
 * authorization code and token exchange. Responses keep the refresh token and the OAuth error with its HTTP status.
 */
public final class Grants {

    private final URI tokenEndpoint;

    public Grants(String realmUrl) {
        this.tokenEndpoint = URI.create((realmUrl.endsWith("/") ? realmUrl : realmUrl + "/") + "protocol/openid-connect/token");
    }

    public Result clientCredentials(ClientAuthentication client) throws Exception {
        return send(new TokenRequest(tokenEndpoint, client, new ClientCredentialsGrant(), null));
    }

    public Result password(String publicClientId, String username, String password) throws Exception {
        return send(new TokenRequest(tokenEndpoint, new ClientID(publicClientId),
                new ResourceOwnerPasswordCredentialsGrant(username, new Secret(password)), new Scope("openid")));
    }

    /** A password grant asking for the given scope, with any further parameters (e.g. {@code claims}, {@code acr_values}). */
    public Result password(String publicClientId, String username, String password, String scope, Map<String, String> extra) throws Exception {
        TokenRequest.Builder builder = new TokenRequest.Builder(tokenEndpoint, new ClientID(publicClientId),
                new ResourceOwnerPasswordCredentialsGrant(username, new Secret(password))).scope(Scope.parse(scope));
        extra.forEach(builder::customParameter);
        return send(builder.build());
    }

    /** RFC 8693 exchange asking for a scope. */
    public Result exchange(ClientAuthentication requester, BearerAccessToken subjectToken, String scope) throws Exception {
        return send(new TokenRequest.Builder(tokenEndpoint, requester, new TokenExchangeGrant(subjectToken, TokenTypeURI.ACCESS_TOKEN))
                .scope(Scope.parse(scope)).build());
    }

    /** RFC 8628 device authorization request; the user then visits the verification URI. */
    public DeviceAuthorizationSuccessResponse deviceAuthorization(String publicClientId, String scope) throws Exception {
        URI endpoint = URI.create(tokenEndpoint.toString().replaceFirst("/token$", "/auth/device"));
        DeviceAuthorizationResponse response = DeviceAuthorizationResponse.parse(
                new DeviceAuthorizationRequest(endpoint, new ClientID(publicClientId), Scope.parse(scope)).toHTTPRequest().send());
        if (!response.indicatesSuccess()) {
            throw new AssertionError("device authorization refused: " + response.toErrorResponse().getErrorObject());
        }
        return response.toSuccessResponse();
    }

    /** The same for a confidential client (it authenticates, e.g. with its secret). */
    public DeviceAuthorizationSuccessResponse deviceAuthorization(ClientAuthentication client, String scope) throws Exception {
        URI endpoint = URI.create(tokenEndpoint.toString().replaceFirst("/token$", "/auth/device"));
        DeviceAuthorizationResponse response = DeviceAuthorizationResponse.parse(
                new DeviceAuthorizationRequest(endpoint, client, Scope.parse(scope), Map.of()).toHTTPRequest().send());
        if (!response.indicatesSuccess()) {
            throw new AssertionError("device authorization refused: " + response.toErrorResponse().getErrorObject());
        }
        return response.toSuccessResponse();
    }

    public Result deviceCode(ClientAuthentication client, DeviceCode deviceCode) throws Exception {
        return send(new TokenRequest(tokenEndpoint, client, new DeviceCodeGrant(deviceCode), null));
    }

    public Result deviceCode(String publicClientId, DeviceCode deviceCode) throws Exception {
        return send(new TokenRequest(tokenEndpoint, new ClientID(publicClientId), new DeviceCodeGrant(deviceCode), null));
    }

    public Result refresh(String publicClientId, RefreshToken refreshToken) throws Exception {
        return send(new TokenRequest(tokenEndpoint, new ClientID(publicClientId), new RefreshTokenGrant(refreshToken), null));
    }

    public Result refresh(ClientAuthentication client, RefreshToken refreshToken) throws Exception {
        return send(new TokenRequest(tokenEndpoint, client, new RefreshTokenGrant(refreshToken), null));
    }

    public Result authorizationCode(String publicClientId, String code, URI redirectUri) throws Exception {
        AuthorizationGrant grant = new AuthorizationCodeGrant(new AuthorizationCode(code), redirectUri);
        return send(new TokenRequest(tokenEndpoint, new ClientID(publicClientId), grant, null));
    }

    /** RFC 8693 exchange of an access token for one issued to the requesting client. */
    public Result exchange(ClientAuthentication requester, BearerAccessToken subjectToken) throws Exception {
        return send(new TokenRequest(tokenEndpoint, requester, new TokenExchangeGrant(subjectToken, TokenTypeURI.ACCESS_TOKEN), null));
    }

    private static Result send(TokenRequest request) throws Exception {
        TokenResponse response = TokenResponse.parse(request.toHTTPRequest().send());
        if (!response.indicatesSuccess()) {
            return new Result(null, null, response.toErrorResponse().getErrorObject());
        }
        AccessTokenResponse success = response.toSuccessResponse();
        return new Result(success.getTokens().getBearerAccessToken(), success.getTokens().getRefreshToken(), null);
    }

    /** The tokens of a successful response, or the error of a refused one. */
    public record Result(BearerAccessToken accessToken, RefreshToken refreshToken, ErrorObject error) {

        public Result requireSuccess() {
            if (error != null) {
                throw new AssertionError("token request failed: " + error.getCode() + " " + error.getDescription());
            }
            return this;
        }

        public boolean refused() {
            return error != null;
        }

        public String describe() {
            return error == null ? "tokens issued" : error.getHTTPStatusCode() + " " + error.getCode() + ": " + error.getDescription();
        }
    }
}
