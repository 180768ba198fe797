package io.github.idgov.authenticators.stepup;

import io.github.idgov.core.StepUpContract;
import io.github.idgov.core.delegation.ApprovalContract;
import io.github.idgov.core.delegation.ApprovalStepUp;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.Constants;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.protocol.oidc.grants.ciba.CibaGrantType;
import org.keycloak.protocol.oidc.utils.AcrUtils;
import org.keycloak.representations.IDToken;

/**
 * A CIBA token on a person's approval: the CIBA session never runs a login flow, so it records no level; the
 * approval page wrote the approving person's step-up evidence onto the approved request (a callback parameter, which
 * Keycloak keeps as a client-session note of this token only and no client can set). That evidence stands in for the
 * session's levels for this token: the approver is the token's subject, every sensitive scope is one they approved,
 * their login reached the level, and their authentication is inside the window now, at the poll.
 */
final class ApprovedStepUp {

    /** Where Keycloak keeps the approval page's evidence on the agent's client session. */
    static final String NOTE = CibaGrantType.ADDITIONAL_CALLBACK_PARAMS_PREFIX + ApprovalContract.STEP_UP_EVIDENCE_PARAM;

    private ApprovedStepUp() {
    }

    /**
     * Empty when the evidence satisfies the requirement, after which the token carries the evidence's {@code acr} and
     * {@code auth_time} (the person's step-up, not the poll); otherwise why it does not.
     */
    static Optional<String> accept(TokenManager.AccessTokenResponseBuilder builder, StepUpRequirement requirement,
                                   Collection<? extends ClientScopeModel> scopes, long now) {
        AuthenticatedClientSessionModel clientSession = builder.getClientSessionCtx() == null ? null
                : builder.getClientSessionCtx().getClientSession();
        Optional<ApprovalStepUp> evidence = clientSession == null ? Optional.empty() : ApprovalStepUp.parse(clientSession.getNote(NOTE));
        if (evidence.isEmpty()) {
            return Optional.of("no approval evidence");
        }
        Set<String> sensitive = scopes.stream().filter(scope -> scope.getAttribute(StepUpContract.LEVEL_ATTRIBUTE) != null
                && !scope.getAttribute(StepUpContract.LEVEL_ATTRIBUTE).isBlank()).map(ClientScopeModel::getName).collect(Collectors.toSet());
        String subject = clientSession.getUserSession() == null || clientSession.getUserSession().getUser() == null ? null
                : clientSession.getUserSession().getUser().getId();
        Map<String, Integer> acrLoaMap = acrLoaMap(clientSession.getRealm());
        Optional<String> shortfall = evidence.get().shortfall(subject, sensitive, requirement.level(), requirement.maxAgeSeconds(), now,
                acrLoaMap);
        if (shortfall.isPresent()) {
            return Optional.of("approval evidence refused: " + shortfall.get());
        }
        carry(builder.getAccessToken(), evidence.get());
        carry(builder.getIdToken(), evidence.get());
        // userinfo and introspection map acr from the client session's level, as for a browser login
        clientSession.setNote(Constants.LEVEL_OF_AUTHENTICATION, String.valueOf(evidence.get().level(acrLoaMap).orElseThrow()));
        return Optional.empty();
    }

    /** The evidence's acr came from a token of the approval page's client: Keycloak named it with that client's map, else the realm's. */
    private static Map<String, Integer> acrLoaMap(RealmModel realm) {
        ClientModel page = realm.getClientByClientId(ApprovalContract.APPROVAL_CLIENT_ID);
        return page != null ? AcrUtils.getAcrLoaMap(page) : AcrUtils.getAcrLoaMap(realm);
    }

    private static void carry(IDToken token, ApprovalStepUp evidence) {
        if (token != null) {
            token.setAcr(evidence.acr());
            token.setAuth_time(evidence.authTime());
        }
    }
}
