package io.github.idgov.authenticators.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.keycloak.jose.jws.JWSBuilder;

class SecretSignedAssertionTest {

    private static final String CURRENT = "current-secret-0f3a";
    private static final String ROTATED = "rotated-secret-9b1c";

    /** Claims as bytes: Keycloak's JSON mapper needs modules this test's class path leaves out. */
    private static byte[] assertion() {
        return "{\"jti\":\"jti-1\",\"sub\":\"svc\",\"iss\":\"svc\"}".getBytes(StandardCharsets.UTF_8);
    }

    private static SecretKeySpec key(String secret, String mac) {
        return new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), mac);
    }

    @Test
    void tellsWhichSecretSignedAnHmacAssertion() {
        String byRotated = new JWSBuilder().content(assertion()).hmac256(key(ROTATED, "HmacSHA256"));
        String byCurrent = new JWSBuilder().content(assertion()).hmac512(key(CURRENT, "HmacSHA512"));

        assertThat(SecretSignedAssertion.signedWith(byRotated, ROTATED)).isTrue();
        assertThat(SecretSignedAssertion.signedWith(byRotated, CURRENT)).isFalse();
        assertThat(SecretSignedAssertion.signedWith(byCurrent, CURRENT)).isTrue();
        assertThat(SecretSignedAssertion.signedWith(byCurrent, ROTATED)).isFalse();
    }

    @Test
    void everyHmacAlgorithmOfClientSecretJwtIsRecognised() {
        assertThat(SecretSignedAssertion.signedWith(new JWSBuilder().content(assertion()).hmac384(key(ROTATED, "HmacSHA384")), ROTATED))
                .isTrue();
    }

    @Test
    void aTamperedPayloadOrSignatureIsNotSignedWithTheSecret() {
        String jws = new JWSBuilder().content(assertion()).hmac256(key(ROTATED, "HmacSHA256"));
        String[] parts = jws.split("\\.");
        String otherPayload = new JWSBuilder().content("{\"sub\":\"other\"}".getBytes(StandardCharsets.UTF_8)).hmac256(key(ROTATED, "HmacSHA256")).split("\\.")[1];

        assertThat(SecretSignedAssertion.signedWith(parts[0] + "." + otherPayload + "." + parts[2], ROTATED)).isFalse();
        assertThat(SecretSignedAssertion.signedWith(parts[0] + "." + parts[1] + ".AAAA", ROTATED)).isFalse();
    }

    @Test
    void somethingThatIsNoHmacAssertionIsNeverSignedWithTheSecret() throws Exception {
        var keys = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        String rs256 = new JWSBuilder().content(assertion()).rsa256(keys.getPrivate());

        assertThat(SecretSignedAssertion.signedWith(rs256, ROTATED)).isFalse();
        assertThat(SecretSignedAssertion.signedWith("not-a-jws", ROTATED)).isFalse();
        assertThat(SecretSignedAssertion.signedWith("%%%.e30.AAAA", ROTATED)).isFalse();
        assertThat(SecretSignedAssertion.signedWith("e30.e30.", ROTATED)).isFalse(); // header without alg
        assertThat(SecretSignedAssertion.signedWith("eyJhbGciOiJub25lIn0.e30.", ROTATED)).isFalse(); // alg none
        assertThat(SecretSignedAssertion.signedWith(null, ROTATED)).isFalse();
    }
}
