package io.github.idgov.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RedactorTest {

    private static final String R = Redactor.REDACTED;

    @ParameterizedTest
    @ValueSource(strings = {
            "password", "Password", "PASSWORD", "new_password", "password-confirm", "passwordNew",
            "secret", "clientSecret", "client_secret", "totpSecret",
            "token", "access_token", "refresh_token", "id_token", "id_token_hint", "registrationAccessToken",
            "salt", "privateKey", "private_key", "credentialData", "credential_data", "secretData", "secret_data",
            "assertion", "client_assertion", "otp", "totp", "passcode", "cookie", "Cookie", "hashedSaltedValue",
            "credentials", "value", "Value", "code", "code_id", "key", "new_value", "newValue", "device_code",
            "user_code", "authorization", "Authorization", "pin"})
    void secretKeysAreSecret(String key) {
        assertThat(Redactor.isSecretKey(key)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "credential_type", "CREDENTIAL_TYPE", "credentialType", "token_type", "tokenType", "token_id", "tokenId",
            "token_issued_for", "refresh_token_type", "refresh_token_id", "client_auth_method", "grant_type",
            "response_type", "code_challenge_method", "auth_method", "secret_type", "otp_type", "secretExpiration",
            "requested_token_type", "subject_token_type",
            "mapping", "username", "email", "first_name", "realm", "client_id", "redirect_uri", "ip", "type",
            "authorizationServicesEnabled", "identity_class", "identity_owner", "reason", "scope", "keycloak",
            "monkey", "valueType", "codeChallenge", "remember_me", "auth_type", "id", "name", "enabled"})
    void harmlessKeysAreKept(String key) {
        assertThat(Redactor.isSecretKey(key)).isFalse();
    }

    @Test
    void redactReplacesSecretsAtAnyDepthAndKeepsTheRest() {
        Map<String, Object> credential = new LinkedHashMap<>();
        credential.put("type", "password");
        credential.put("value", "hunter2");
        credential.put("temporary", false);
        credential.put("secretData", "{\"value\":\"hash\",\"salt\":\"s\"}");
        credential.put("credentialData", "{\"hashIterations\":27500}");
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("username", "alice");
        user.put("email", "alice@example.org");
        user.put("credentials", List.of(credential));
        user.put("attributes", Map.of("nested", Map.of("deeper", List.of(Map.of("password", "p", "mapping", "m")))));
        user.put("otp", null);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("representation", user);
        event.put("list", List.of(credential, "plain"));
        event.put("code", "auth-code-123");
        event.put("client_secret", List.of("a", "b"));

        @SuppressWarnings("unchecked")
        Map<String, Object> redacted = (Map<String, Object>) Redactor.redact(event);

        String text = Json.canonical(redacted);
        assertThat(text).doesNotContain("hunter2", "auth-code-123", "\"hash\"", "27500", "\"p\"", "\"a\",\"b\"");
        @SuppressWarnings("unchecked")
        Map<String, Object> rep = (Map<String, Object>) redacted.get("representation");
        assertThat(rep).containsEntry("username", "alice").containsEntry("email", "alice@example.org")
                .containsEntry("credentials", R).containsEntry("otp", null);
        assertThat(rep.get("attributes"))
                .isEqualTo(Map.of("nested", Map.of("deeper", List.of(Map.of("password", R, "mapping", "m")))));
        assertThat(redacted).containsEntry("code", R).containsEntry("client_secret", R);
        @SuppressWarnings("unchecked")
        Map<String, Object> listed = (Map<String, Object>) ((List<Object>) redacted.get("list")).get(0);
        assertThat(listed).containsEntry("type", "password").containsEntry("value", R).containsEntry("temporary", false)
                .containsEntry("secretData", R).containsEntry("credentialData", R);
        assertThat(((List<?>) redacted.get("list")).get(1)).isEqualTo("plain");
    }

    @Test
    void redactDoesNotModifyItsInputAndCopiesScalarsThrough() {
        Map<String, Object> input = new HashMap<>(Map.of("password", "x", "n", 1L));
        Map<String, Object> before = new HashMap<>(input);

        Object out = Redactor.redact(input);

        assertThat(input).isEqualTo(before);
        assertThat(out).isEqualTo(Map.of("password", R, "n", 1L));
        assertThat(Redactor.redact("password")).isEqualTo("password");
        assertThat(Redactor.redact(null)).isNull();
        assertThat(Redactor.redact(Arrays.asList(1L, null))).isEqualTo(Arrays.asList(1L, null));
    }

    @Test
    void redactDetailsRedactsSecretsAndHandlesNull() {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("username", "alice");
        details.put("code_id", "c0de");
        details.put("token_id", "t-1");
        details.put("credential_type", "otp");
        details.put("grant_type", "password");
        details.put("client_auth_method", "client-secret");
        details.put("refresh_token", "eyJ...");
        details.put("password", null);

        Map<String, Object> out = Redactor.redactDetails(details);

        assertThat(out).containsExactly(
                Map.entry("username", "alice"), Map.entry("code_id", R), Map.entry("token_id", "t-1"),
                Map.entry("credential_type", "otp"), Map.entry("grant_type", "password"),
                Map.entry("client_auth_method", "client-secret"), Map.entry("refresh_token", R),
                new java.util.AbstractMap.SimpleEntry<>("password", null));
        assertThat(Redactor.redactDetails(null)).isEmpty();
        assertThat(Redactor.redactDetails(Map.of())).isEmpty();
    }

    /**
     * Regression (found and fixed): (secret leaked): keys that carry a secret but contain none of the SECRET_WORDS and are not exact
     * SECRET_KEYS are kept. Notably Keycloak's LDAP/Kerberos federation config "bindCredential" (the LDAP bind
     * password; SECRET_WORDS has "credentials" but not "credential"), and API/HMAC keys named "*Key"/"*_key".
     */
    @ParameterizedTest
    @ValueSource(strings = {"bindCredential", "credential", "apiKey", "api_key", "x-api-key", "signingKey",
            "hmacKey", "encryptionKey", "passphrase"})
    void secretBearingKeysOutsideTheWordListAreRedacted(String key) {
        assertThat(Redactor.redact(Map.of(key, "s3cr3t"))).as(key).isEqualTo(Map.of(key, R));
    }

    /**
     * Observed over-redaction (harmless values hidden): keys containing a secret word only as part of a setting's
     * name. Not a leak; kept as documentation of current behaviour so a change is noticed.
     */
    @Test
    void settingsAboutSecretsAreKeptButAmbiguousNamesStayRedacted() {
        for (String key : List.of("passwordPolicy", "resetPasswordAllowed", "otpPolicyType", "access.token.lifespan",
                "updated_refresh_token_id", "client.secret.creation.time")) {
            assertThat(Redactor.isSecretKey(key)).as(key).isFalse();
        }
        for (String key : List.of("use.refresh.tokens", "refresh_token_sub")) {
            assertThat(Redactor.isSecretKey(key)).as("%s: redacted, erring on the safe side", key).isTrue();
        }
    }
}
