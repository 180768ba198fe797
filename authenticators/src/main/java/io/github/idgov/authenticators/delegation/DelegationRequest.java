package io.github.idgov.authenticators.delegation;

import io.github.idgov.core.delegation.DelegationContract;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.keycloak.OAuth2Constants;
import org.keycloak.OAuthErrorException;
import org.keycloak.events.Errors;

/**
 * The parameters of an agent's exchange, checked before anything else: each malformed or forbidden one is a
 * 400 {@code invalid_request} naming the parameter.
 *
 * @param scopes    requested client scopes
 * @param openid    {@code openid} requested: kept in the token's scope (for userinfo) when the subject token has it;
 *                  no ID token is issued either way
 * @param audiences requested audiences: {@code audience} and {@code resource} values, both client ids of the realm
 */
record DelegationRequest(String subjectToken, String actorToken, Set<String> scopes, boolean openid, List<String> audiences) {

    /** RFC 6749 section 3.3 scope-token characters. */
    private static final Pattern SCOPE_TOKEN = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]+");

    /** Keycloak parameters for impersonation and federation, which an agent may not use. */
    private static final List<String> FORBIDDEN = List.of(OAuth2Constants.REQUESTED_SUBJECT, OAuth2Constants.REQUESTED_ISSUER,
            OAuth2Constants.SUBJECT_ISSUER);

    /** The request, or the refusal of its first bad parameter. */
    static Result parse(MultivaluedMap<String, String> form) {
        for (String forbidden : FORBIDDEN) {
            if (form.containsKey(forbidden)) {
                return refused(forbidden + " is not allowed for an ai-agent: an agent acts only for a user who delegated to it"
                        + " (subject_token naming the agent in may_act)");
            }
        }
        String subjectToken = form.getFirst(OAuth2Constants.SUBJECT_TOKEN);
        if (subjectToken == null || subjectToken.isBlank()) {
            return refused(OAuth2Constants.SUBJECT_TOKEN + " is required");
        }
        Optional<Result> badType = requireAccessTokenType(form, OAuth2Constants.SUBJECT_TOKEN_TYPE);
        if (badType.isPresent()) {
            return badType.get();
        }
        String actorToken = form.getFirst(OAuth2Constants.ACTOR_TOKEN);
        if (actorToken != null) {
            if (actorToken.isBlank()) {
                return refused(OAuth2Constants.ACTOR_TOKEN + " is empty");
            }
            Optional<Result> badActorType = requireAccessTokenType(form, OAuth2Constants.ACTOR_TOKEN_TYPE);
            if (badActorType.isPresent()) {
                return badActorType.get();
            }
        }
        String requestedType = form.getFirst(OAuth2Constants.REQUESTED_TOKEN_TYPE);
        if (requestedType != null && !OAuth2Constants.ACCESS_TOKEN_TYPE.equals(requestedType)) {
            return refused(OAuth2Constants.REQUESTED_TOKEN_TYPE + " must be " + OAuth2Constants.ACCESS_TOKEN_TYPE
                    + ": an agent gets a short-lived access token only (no refresh or ID token)");
        }
        Set<String> scopes = new LinkedHashSet<>();
        boolean openid = false;
        String scope = form.getFirst(OAuth2Constants.SCOPE);
        if (scope != null) {
            for (String token : scope.trim().split(" +")) {
                if (token.isEmpty()) {
                    continue;
                }
                if (!SCOPE_TOKEN.matcher(token).matches()) {
                    return refused(OAuth2Constants.SCOPE + " contains an invalid scope token");
                }
                if (OAuth2Constants.SCOPE_OPENID.equals(token)) {
                    openid = true;
                } else {
                    scopes.add(token);
                }
            }
        }
        List<String> audiences = new ArrayList<>();
        for (String name : new String[] {OAuth2Constants.AUDIENCE, OAuth2Constants.RESOURCE}) {
            List<String> values = form.get(name);
            if (values == null) {
                continue;
            }
            for (String value : values) {
                if (value == null || value.isBlank()) {
                    return refused(name + " is empty");
                }
                audiences.addAll(Arrays.asList(value.trim().split(" +")));
            }
        }
        return new Result(new DelegationRequest(subjectToken, actorToken, Set.copyOf(scopes), openid, List.copyOf(audiences)), null);
    }

    private static Optional<Result> requireAccessTokenType(MultivaluedMap<String, String> form, String parameter) {
        String type = form.getFirst(parameter);
        if (type == null || type.isBlank()) {
            return Optional.of(refused(parameter + " is required"));
        }
        if (!OAuth2Constants.ACCESS_TOKEN_TYPE.equals(type)) {
            return Optional.of(refused(parameter + " must be " + OAuth2Constants.ACCESS_TOKEN_TYPE));
        }
        return Optional.empty();
    }

    private static Result refused(String description) {
        return new Result(null, new Refusals.Refusal(DelegationContract.POLICY_REQUEST, OAuthErrorException.INVALID_REQUEST,
                Response.Status.BAD_REQUEST, Errors.INVALID_REQUEST, description));
    }

    /** Either the request or the refusal. */
    record Result(DelegationRequest request, Refusals.Refusal refusal) {
    }
}
