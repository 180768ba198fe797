package io.github.idgov.admin.index;

import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.keycloak.models.KeycloakSession;

/**
 * The day of each identity's last login or token, kept on its review-index row: written at most once a day per
 * identity. The node remembers the days it has written (bounded), so the token path costs a map lookup, and a
 * query only on an identity's first token of the day. An identity without a row yet (index being built) is
 * retried on its next token.
 */
public final class LastUse {

    /** Past this many remembered identities the memory starts over (a few extra writes, no growth). */
    static final int CAPACITY = 100_000;

    private static final long DAY_MILLIS = 86_400_000L;

    private final Map<String, Long> written = new ConcurrentHashMap<>();

    public void record(KeycloakSession session, String userId, long nowMillis) {
        long day = dayStart(nowMillis);
        Long known = written.get(userId);
        if (known != null && known >= day) {
            return;
        }
        IdentityIndexEntity row = IdentityIndex.entityManager(session).find(IdentityIndexEntity.class, userId);
        if (row == null) {
            return;
        }
        if (row.lastUsedAt() == null || row.lastUsedAt() < day) {
            row.lastUsedAt(day);
            row.restatus(StatusBasis.of(session.getKeycloakSessionFactory()), System.currentTimeMillis()); // no longer stale
        }
        if (written.size() >= CAPACITY) {
            written.clear();
        }
        written.put(userId, day);
    }

    /** The day of the last use, empty when never seen (or not indexed). */
    public static Optional<Instant> of(KeycloakSession session, String userId) {
        EntityManager em = IdentityIndex.entityManager(session);
        IdentityIndexEntity row = em.find(IdentityIndexEntity.class, userId);
        return row == null || row.lastUsedAt() == null ? Optional.empty() : Optional.of(Instant.ofEpochMilli(row.lastUsedAt()));
    }

    /** Midnight UTC of the day of {@code millis}: every UTC day is 86 400 000 ms in Java's time scale, so plain arithmetic. */
    static long dayStart(long millis) {
        return Math.floorDiv(millis, DAY_MILLIS) * DAY_MILLIS;
    }
}
