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
 * transaction. The index build and the sweep, which write many rows, set the flags of the whole realm in one pass at the
 * end instead ({@link #repairRealm}), which also repairs a flag that drifted.
 */
final class OrphanFlags {

    /** Ids per bulk statement (under every database's limit on an IN list, Oracle's 1000 included). */
    static final int UPDATE_CHUNK = 500;

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

    /**
     * Sets every row of the realm to what the rule says, in one pass: the rows whose flag disagrees with a query over the
     * owners' rows are selected, then updated by id. For the index build (which writes rows in any order) and the
     * sweep (which repairs drift), instead of a lookup per row.
     *
     * @return the rows corrected
     */
    int repairRealm() {
        String missing = "not exists (select 1 from IdentityIndexEntity o where o.realmId = i.realmId and o.username = i.%s"
                + " and o.enabled = true and o.identityClass = :human)";
        String rule = "((i.owner is not null and " + missing.formatted("owner") + ") or (i.sponsor is not null and "
                + missing.formatted("sponsor") + "))";
        List<Object[]> wrong = em.createQuery("select i.userId, i.orphaned from IdentityIndexEntity i where i.realmId = :realm and"
                        + " ((i.orphaned = false and " + rule + ") or (i.orphaned = true and not " + rule + "))", Object[].class)
                .setParameter("realm", realmId).setParameter("human", IdentityClass.HUMAN.value()).getResultList();
        // through the rows (not a bulk update), so each row's status rank follows its flag
        List<String> ids = wrong.stream().map(row -> (String) row[0]).toList();
        for (int from = 0; from < ids.size(); from += UPDATE_CHUNK) {
            em.createQuery("select i from IdentityIndexEntity i where i.userId in :ids", IdentityIndexEntity.class)
                    .setParameter("ids", ids.subList(from, Math.min(ids.size(), from + UPDATE_CHUNK))).getResultList()
                    .forEach(row -> row.orphaned(!row.orphaned()));
        }
        return wrong.size();
    }

    private boolean enabledHuman(String username) {
        return enabledHumans.computeIfAbsent(username, name -> em.createQuery("select count(o) from IdentityIndexEntity o where"
                        + " o.realmId = :realm and o.username = :name and o.enabled = true and o.identityClass = :human", Long.class)
                .setParameter("realm", realmId).setParameter("name", name).setParameter("human", IdentityClass.HUMAN.value())
                .getSingleResult() > 0);
    }
}
