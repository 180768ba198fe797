package io.github.idgov.it.support;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/**
 * A workload identity issuer on 127.0.0.1 standing in for a Kubernetes cluster or a SPIFFE trust domain: its own RSA
 * key, its JWKS at {@code /jwks}, and signed JWTs for any subject and audience. Also serves a client's own key set,
 * for {@code client-jwt} with a JWKS URL.
 */
public final class WorkloadIssuer implements AutoCloseable {

    private final HttpServer server;
    private final RSAKey key;

    public WorkloadIssuer() throws Exception {
        key = new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] jwks = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        server.createContext("/jwks", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            exchange.getResponseBody().write(jwks);
            exchange.close();
        });
        server.start();
    }

    /** The issuer identifier (also the base of the JWKS URL). */
    public String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public String jwksUrl() {
        return issuer() + "/jwks";
    }

    public RSAKey key() {
        return key;
    }

    /** A JWT from this issuer. */
    public String sign(String subject, String audience, Instant expires) throws Exception {
        return sign(key, issuer(), subject, audience, expires);
    }

    /** A JWT signed with any key, claiming any issuer: what a forger sends. */
    public static String sign(RSAKey signingKey, String issuer, String subject, String audience, Instant expires) throws Exception {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer).subject(subject).audience(audience)
                .issueTime(Date.from(now.isBefore(expires) ? now : expires.minusSeconds(60))).expirationTime(Date.from(expires))
                .jwtID(UUID.randomUUID().toString()).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signingKey.getKeyID()).type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(new RSASSASigner(signingKey));
        return jwt.serialize();
    }

    public static RSAKey otherKey() throws Exception {
        return new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
    }

    @Override
    public void close() throws IOException {
        server.stop(0);
    }
}
