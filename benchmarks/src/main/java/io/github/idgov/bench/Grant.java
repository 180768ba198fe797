package io.github.idgov.bench;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.util.Arrays;
import java.util.OptionalDouble;

/**
 * What one closed-loop user sends over and over in a round. {@link #request} prepares it for user {@code user}
 * (logging in first where the grant needs a token), outside the measured window.
 */
enum Grant {

    CLIENT_CREDENTIALS("client-credentials", "client credentials", 0.98) {
        @Override
        HttpRequest request(RealmEndpoints realm, int user) {
            return realm.clientCredentials();
        }
    },
    PASSWORD("password", "password", 0.98) {
        @Override
        HttpRequest request(RealmEndpoints realm, int user) {
            return realm.password(BenchRealms.username(user));
        }
    },
    REFRESH("refresh", "refresh token", 0.98) {
        @Override
        HttpRequest request(RealmEndpoints realm, int user) throws IOException, InterruptedException {
            return realm.refresh(realm.login(BenchRealms.username(user)).refreshToken());
        }
    },
    /** Issue target: delegated (governed) vs standard (baseline) ≥ 0.95; until issue 6 both realms run standard. */
    TOKEN_EXCHANGE("token-exchange", "token exchange", 0.95) {
        @Override
        HttpRequest request(RealmEndpoints realm, int user) throws IOException, InterruptedException {
            return realm.exchange(realm.login(BenchRealms.username(user)).accessToken());
        }
    },
    USERINFO("userinfo", "userinfo", Double.NaN) {
        @Override
        HttpRequest request(RealmEndpoints realm, int user) throws IOException, InterruptedException {
            return realm.userinfo(realm.login(BenchRealms.username(user)).accessToken());
        }
    },
    INTROSPECTION("introspection", "introspection", Double.NaN) {
        @Override
        HttpRequest request(RealmEndpoints realm, int user) throws IOException, InterruptedException {
            return realm.introspect(realm.login(BenchRealms.username(user)).accessToken());
        }
    };

    /** Issue target for every grant: governed p99 at most this factor of baseline p99. */
    static final double MAX_P99_FACTOR = 1.05;

    private final String id;
    private final String label;
    private final double minRatio;

    Grant(String id, String label, double minRatio) {
        this.id = id;
        this.label = label;
        this.minRatio = minRatio;
    }

    abstract HttpRequest request(RealmEndpoints realm, int user) throws IOException, InterruptedException;

    String id() {
        return id;
    }

    String label() {
        return label;
    }

    /** The throughput-ratio target (governed / baseline), where it sets one. */
    OptionalDouble minRatio() {
        return Double.isNaN(minRatio) ? OptionalDouble.empty() : OptionalDouble.of(minRatio);
    }

    static Grant byId(String id) {
        return Arrays.stream(values()).filter(g -> g.id.equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown grant '" + id + "'; one of "
                        + Arrays.stream(values()).map(Grant::id).toList() + " or all"));
    }
}
