package io.github.idgov.admin.review;

import io.github.idgov.admin.index.IdentityIndex;
import jakarta.persistence.FlushModeType;
import org.keycloak.models.KeycloakSession;

/**
 * A batch of the review API's reads (walk, export) runs in a transaction that writes nothing. Its queries need not
 * flush: with the default (auto) mode, Hibernate dirty-checks every entity of the persistence context before each
 * query, and reading one identity's summary runs several (role mappings, groups, credentials), so a batch's cost grew
 * with the square of its size (a 100k-row export spent most of its time there).
 */
final class ReadOnlyBatch {

    private ReadOnlyBatch() {
    }

    static void begin(KeycloakSession session) {
        IdentityIndex.entityManager(session).setFlushMode(FlushModeType.COMMIT);
    }
}
