package io.github.idgov.core.credentials;

import io.github.idgov.core.GovernanceRecord;
import io.github.idgov.core.IdentityClass;
import io.github.idgov.core.RiskTier;

/**
 * The client a credential is checked for, as its service-account user's governance record describes it.
 *
 * @param clientId  the OAuth client_id
 * @param principal the service-account username (decisions are about it)
 */
public record CredentialSubject(String clientId, String principal, IdentityClass identityClass, RiskTier riskTier) {

    /** The client as its service account's governance record describes it (an unset tier is the default tier). */
    public static CredentialSubject of(String clientId, GovernanceRecord record) {
        RiskTier tier = record.riskTier() == null ? RiskTier.DEFAULT : record.riskTier();
        return new CredentialSubject(clientId, record.principal().username(), record.identityClass(), tier);
    }

    public String describe() {
        return identityClass.value() + "/" + riskTier.value();
    }
}
