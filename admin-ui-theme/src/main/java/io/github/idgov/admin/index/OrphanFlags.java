package io.github.idgov.admin.index;

import io.github.idgov.core.IdentityClass;
import io.github.idgov.core.IndexedIdentity;
import jakarta.persistence.EntityManager;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Keeps the {@code ORPHANED} flag of the review index: an identity is orphaned when its owner or sponsor is named but
 * has no enabled human row in the realm (deleted users have no row), the token gate's rule read from the index. A row's
 * own flag is computed whenever the row is written; when a row that others may name changes what they depend on
 * (created, removed, renamed, enabled or disabled, reclassified), the rows naming it are recomputed in the same
 * transaction. The sweep's refresh of every row repairs a flag that drifted.
 */
final class OrphanFlags {

    private final EntityManager em;
    private final String realmId;
    /** Per transaction: the owners looked up, so a batch of rows with one owner asks once. */
    private final Map<String, Boolean> enabledHumans = new HashMap<>();

    OrphanFlags(EntityManager em, String realmId) {
        this.em = em;
        this.realmId = realmId;
    }

    /** Whether an identity with this owner and sponsor is orphaned. */
    boolean orphaned(String owner, String sponsor) {
        return (owner != null && !enabledHuman(owner)) || (sponsor != null && !enabledHuman(sponsor));
    }

    /** A row went from {@code before} (null: new) to {@code after} (null: removed): recompute who names it. */
    void changed(IndexedIdentity before, IndexedIdentity after) {
        if (before != null && after != null && before.username().equals(after.username()) && before.enabled() == after.enabled()
                && Objects.equals(before.identityClass(), after.identityClass())) {
            return;
        }
        enabledHumans.clear();
        if (before != null) {
            recomputeDependents(before.username());
        }
        if (after != null && (before == null || !before.username().equals(after.username()))) {
            recomputeDependents(after.username());
        }
    }

    /** After rows were removed without their own notice (a rebuild's clean-up): recompute who named them. */
    void removed(List<String> usernames) {
        enabledHumans.clear();
        usernames.forEach(this::recomputeDependents);
    }

    private void recomputeDependents(String username) {
        for (String column : List.of("owner", "sponsor")) {
            List<IdentityIndexEntity> dependents = em.createQuery("select i from IdentityIndexEntity i where i.realmId = :realm and i."
                            + column + " = :name", IdentityIndexEntity.class)
                    .setParameter("realm", realmId).setParameter("name", username).getResultList();
            for (IdentityIndexEntity dependent : dependents) {
                IndexedIdentity facts = dependent.facts();
                boolean orphaned = orphaned(facts.owner(), facts.sponsor());
                if (dependent.orphaned() != orphaned) {
                    dependent.orphaned(orphaned);
                }
            }
        }
    }

    private boolean enabledHuman(String username) {
        return enabledHumans.computeIfAbsent(username, name -> em.createQuery("select count(o) from IdentityIndexEntity o where"
                        + " o.realmId = :realm and o.username = :name and o.enabled = true and o.identityClass = :human", Long.class)
                .setParameter("realm", realmId).setParameter("name", name).setParameter("human", IdentityClass.HUMAN.value())
                .getSingleResult() > 0);
    }
}
