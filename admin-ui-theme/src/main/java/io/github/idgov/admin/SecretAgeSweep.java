package io.github.idgov.admin;

import io.github.idgov.core.Decision;
import io.github.idgov.core.GovernanceMode;
import io.github.idgov.core.credentials.CredentialContract;
import io.github.idgov.core.credentials.CredentialPolicy;
import io.github.idgov.core.credentials.CredentialSubject;
import io.github.idgov.core.credentials.SecretAge;
import io.github.idgov.core.keycloak.ClientCredentialSnapshot;
import io.github.idgov.core.keycloak.DecisionLog;
import io.github.idgov.core.keycloak.PrincipalResolver;
import java.time.Instant;
import java.util.Optional;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * The sweep's look at a machine's client secret under the realm's credential policy: one decision when the secret
 * passes its maximum age (allow: the grace runs, the reason gives the day refusals start) and one when the token gate
 * refuses it (deny or would-deny, as the gate). What was recorded is kept on the client ({@value #RECORDED}: the
 * secret's issue time and the stage), so a run over unchanged data records nothing and a regenerated secret starts over.
 * A secret whose issue time is not recorded (set explicitly and never used since) has no age yet.
 */
final class SecretAgeSweep {

    /** Client attribute: {@code <secret issued, epoch seconds>/<stage>} of the last finding recorded. */
    static final String RECORDED = "idgov.secret.age_finding";

    private final KeycloakSession session;
    private final RealmModel realm;
    private final CredentialPolicy policy;
    private final GovernanceMode mode;
    private final Instant now;

    SecretAgeSweep(KeycloakSession session, RealmModel realm, CredentialPolicy policy, GovernanceMode realmMode, Instant now) {
        this.session = session;
        this.realm = realm;
        this.policy = policy;
        this.mode = policy.enforcement().effective(realmMode);
        this.now = now;
    }

    /** @return the number of changes made (0 when nothing new was found) */
    int apply(UserModel user) {
        String clientId = user.getServiceAccountClientLink();
        ClientModel client = clientId == null ? null : realm.getClientById(clientId);
        if (client == null || client.isPublicClient() || client.isBearerOnly()) {
            return 0;
        }
        Optional<SecretAge> age = secretAge(client, PrincipalResolver.credentialSubject(client, user));
        String recorded = client.getAttribute(RECORDED);
        if (age.isEmpty()) {
            if (recorded == null) {
                return 0;
            }
            client.removeAttribute(RECORDED); // regenerated, or the maximum or the method changed: a later finding is new
            return 1;
        }
        String marker = age.get().issued().getEpochSecond() + "/" + age.get().stage().value();
        if (marker.equals(recorded)) {
            return 0;
        }
        Decision.Result result = age.get().stage() == SecretAge.Stage.REFUSED ? Decision.denialIn(mode) : Decision.Result.ALLOW;
        DecisionLog.record(session, realm, new Decision(user.getUsername(), age.get().finding().policy(), result,
                age.get().finding().reason() + " [lifecycle sweep: secret " + age.get().stage().value() + "]"));
        client.setAttribute(RECORDED, marker);
        return 1;
    }

    private Optional<SecretAge> secretAge(ClientModel client, CredentialSubject subject) {
        if (!mode.isOn() || !CredentialPolicy.governs(subject.identityClass())) {
            return Optional.empty();
        }
        if (!CredentialContract.SECRET_METHODS.contains(ClientCredentialSnapshot.method(client))) {
            return Optional.empty();
        }
        return policy.secretAge(subject, SecretAge.issued(client.getAttribute(CredentialContract.SECRET_CREATION_TIME),
                client.getAttribute(CredentialContract.SECRET_FIRST_SEEN)), now);
    }
}
