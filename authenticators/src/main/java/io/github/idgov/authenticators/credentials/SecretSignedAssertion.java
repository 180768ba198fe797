package io.github.idgov.authenticators.credentials;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Whether a {@code client-secret-jwt} assertion was signed with a given secret. Keycloak accepts an assertion signed
 * with the client's rotated secret during the rotation's grace, so the age policy checks which of the two signed it.
 * Only called after Keycloak authenticated the client: the assertion is already known to be valid under one of them.
 */
final class SecretSignedAssertion {

    /** The HMAC algorithms of client-secret-jwt, keyed as the JWS header names them. */
    private static final Map<String, String> MACS = Map.of("HS256", "HmacSHA256", "HS384", "HmacSHA384", "HS512", "HmacSHA512");
    private static final ObjectMapper JSON = new ObjectMapper();

    private SecretSignedAssertion() {
    }

    static boolean signedWith(String compactJws, String secret) {
        if (compactJws == null || secret == null) {
            return false;
        }
        String[] parts = compactJws.split("\\.", -1);
        if (parts.length != 3) {
            return false;
        }
        try {
            JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
            String mac = header == null ? null : MACS.get(header.path("alg").asText());
            if (mac == null) {
                return false;
            }
            Mac hmac = Mac.getInstance(mac);
            hmac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), mac));
            byte[] expected = hmac.doFinal((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            return MessageDigest.isEqual(expected, Base64.getUrlDecoder().decode(parts[2]));
        } catch (IllegalArgumentException | IOException | GeneralSecurityException e) {
            return false; // not a well-formed HMAC assertion: it cannot have been signed with this secret
        }
    }
}
