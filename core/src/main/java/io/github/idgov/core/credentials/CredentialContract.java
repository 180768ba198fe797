package io.github.idgov.core.credentials;

import java.util.List;

/** Names of the credential policy, spelled once: executor id, decision policies, Keycloak attributes, config keys. */
public final class CredentialContract {

    /** Client-policy executor of the credential policy, installed in the realm's {@code idgov-lifecycle} profile. */
    public static final String EXECUTOR_ID = "idgov-credential-policy";

    /** Decision policy: the client authenticates with a method its class and risk tier do not allow. */
    public static final String POLICY_METHOD = "credential-method";
    /** Decision policy: the client secret is older than the maximum age plus grace. */
    public static final String POLICY_SECRET_AGE = "credential-secret-age";

    /** Keycloak's client authenticator ids (ClientModel#getClientAuthenticatorType). */
    public static final String CLIENT_SECRET = "client-secret";
    public static final String CLIENT_JWT = "client-jwt";
    public static final String CLIENT_SECRET_JWT = "client-secret-jwt";
    public static final String CLIENT_X509 = "client-x509";
    public static final String FEDERATED_JWT = "federated-jwt";
    public static final List<String> METHODS = List.of(CLIENT_SECRET, CLIENT_JWT, CLIENT_SECRET_JWT, CLIENT_X509, FEDERATED_JWT);
    /** Methods that prove possession of a key the realm never stores as a shared secret. */
    public static final List<String> KEY_BASED_METHODS = List.of(CLIENT_JWT, CLIENT_X509, FEDERATED_JWT);
    /** Methods that authenticate with the client secret, whose age the policy limits. */
    public static final List<String> SECRET_METHODS = List.of(CLIENT_SECRET, CLIENT_SECRET_JWT);

    /** The client representation field an admin sets the method with (named in a refusal). */
    public static final String FIELD_AUTHENTICATOR = "clientAuthenticatorType";

    /** Keycloak's client attribute: epoch seconds the current secret was generated (ClientSecretConstants). */
    public static final String SECRET_CREATION_TIME = "client.secret.creation.time";
    /**
     * The pack's client attribute: epoch seconds the pack first saw a secret without {@link #SECRET_CREATION_TIME}
     * (a secret set explicitly, e.g. by an import); its age counts from then.
     */
    public static final String SECRET_FIRST_SEEN = "idgov.secret.first_seen";
    /** Keycloak's client attribute: the previous secret, still accepted for the rotated-expiration-period after a rotation. */
    public static final String ROTATED_SECRET = "client.secret.rotated";
    /**
     * The pack's client attribute: epoch seconds the rotated (previous) secret was itself generated or first seen, so a
     * client that keeps using it is judged by its real age, not by the time of the rotation.
     */
    public static final String ROTATED_SECRET_CREATED = "idgov.secret.rotated.created";

    /** Executor configuration keys (per realm, in the {@code idgov-lifecycle} client profile). */
    public static final String CONFIG_ENFORCEMENT = "enforcement";
    public static final String CONFIG_METHODS_PREFIX = "allowed-methods-";
    public static final String CONFIG_METHODS_RISK_PREFIX = "allowed-methods-risk-";
    public static final String CONFIG_MAX_AGE_PREFIX = "secret-max-age-days-";
    public static final String CONFIG_MAX_AGE_RISK_PREFIX = "secret-max-age-days-risk-";
    public static final String CONFIG_GRACE = "secret-grace-days";

    private CredentialContract() {
    }
}
