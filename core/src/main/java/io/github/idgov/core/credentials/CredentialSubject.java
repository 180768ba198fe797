package io.github.idgov.core.credentials;

import io.github.idgov.core.IdentityClass;
import io.github.idgov.core.RiskTier;

/**
 * The client a credential is checked for, as its service-account user's governance record describes it.
 *
 * @param clientId  the OAuth client_id
 * @param principal the service-account username (decisions are about it)
 */
public record CredentialSubject(String clientId, String principal, IdentityClass identityClass, RiskTier riskTier) {

    public String describe() {
        return identityClass.value() + "/" + riskTier.value();
    }
}
