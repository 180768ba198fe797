package io.github.idgov.core.credentials;

/**
 * One broken credential rule.
 *
 * @param policy decision policy ({@link CredentialContract#POLICY_METHOD} or {@link CredentialContract#POLICY_SECRET_AGE})
 * @param field  the client representation field an admin changes to fix it
 * @param reason English explanation naming the client, its class and tier, never a secret
 */
public record CredentialFinding(String policy, String field, String reason) {
}
