package io.github.idgov.it.support;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.ResourceOwnerPasswordCredentialsGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenIntrospectionRequest;
import com.nimbusds.oauth2.sdk.TokenIntrospectionResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.claims.UserInfo;
import java.net.URI;
import java.util.Map;

/** Drives a realm's OIDC endpoints the way an application does, through the Nimbus OAuth 2.0 SDK. */
public final class OidcClient {

    private final URI realmUri;

    public OidcClient(String realmUrl) {
        this.realmUri = URI.create(realmUrl.endsWith("/") ? realmUrl : realmUrl + "/");
    }

    public static ClientAuthentication secret(String clientId, String secret) {
        return new ClientSecretBasic(new ClientID(clientId), new Secret(secret));
    }

    public Tokens clientCredentials(ClientAuthentication client) throws Exception {
        return token(client, null, new ClientCredentialsGrant(), null);
    }

    /** Password grant as a public client (openid scope so an ID token comes back). */
    public Tokens password(String publicClientId, String username, String password) throws Exception {
        return token(null, new ClientID(publicClientId),
                new ResourceOwnerPasswordCredentialsGrant(username, new Secret(password)), new Scope("openid"));
    }

    public Map<String, Object> userInfo(BearerAccessToken accessToken) throws Exception {
        UserInfoResponse response = UserInfoResponse.parse(
                new UserInfoRequest(endpoint("protocol/openid-connect/userinfo"), accessToken).toHTTPRequest().send());
        if (!response.indicatesSuccess()) {
            throw new AssertionError("userinfo failed: " + response.toErrorResponse().getErrorObject());
        }
        UserInfo info = response.toSuccessResponse().getUserInfo();
        return info.toJSONObject();
    }

    public Map<String, Object> introspect(ClientAuthentication client, BearerAccessToken token) throws Exception {
        TokenIntrospectionResponse response = TokenIntrospectionResponse.parse(new TokenIntrospectionRequest(
                endpoint("protocol/openid-connect/token/introspect"), client, token).toHTTPRequest().send());
        if (!response.indicatesSuccess()) {
            throw new AssertionError("introspection failed: " + response.toErrorResponse().getErrorObject());
        }
        return response.toSuccessResponse().toJSONObject();
    }

    private Tokens token(ClientAuthentication auth, ClientID publicClient, AuthorizationGrant grant, Scope scope) throws Exception {
        URI tokenEndpoint = endpoint("protocol/openid-connect/token");
        TokenRequest request = auth != null
                ? new TokenRequest(tokenEndpoint, auth, grant, scope)
                : new TokenRequest(tokenEndpoint, publicClient, grant, scope);
        var response = OIDCTokenResponseParser.parse(request.toHTTPRequest().send());
        if (!response.indicatesSuccess()) {
            return Tokens.error(response.toErrorResponse().getErrorObject());
        }
        OIDCTokenResponse success = (OIDCTokenResponse) response.toSuccessResponse();
        return Tokens.of(success);
    }

    private URI endpoint(String path) {
        return realmUri.resolve(path);
    }

    /** A token response: the tokens and their decoded claims, or the OAuth error. */
    public record Tokens(BearerAccessToken accessToken, JWTClaimsSet accessClaims, JWTClaimsSet idClaims, ErrorObject error) {

        static Tokens of(OIDCTokenResponse response) throws Exception {
            BearerAccessToken access = response.getOIDCTokens().getBearerAccessToken();
            var idToken = response.getOIDCTokens().getIDToken();
            return new Tokens(access, JWTParser.parse(access.getValue()).getJWTClaimsSet(),
                    idToken == null ? null : idToken.getJWTClaimsSet(), null);
        }

        static Tokens error(ErrorObject error) {
            return new Tokens(null, null, null, error);
        }

        public Tokens requireSuccess() {
            if (error != null) {
                throw new AssertionError("token request failed: " + error.getCode() + " " + error.getDescription());
            }
            return this;
        }
    }
}
