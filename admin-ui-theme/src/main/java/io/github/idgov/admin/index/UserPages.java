package io.github.idgov.admin.index;

import java.util.List;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Pages through a realm's users (service accounts included) in username order by keyset: each page starts after the
 * last username of the one before, through the (realm, username) unique index of Keycloak's user table. Keycloak's
 * own search pages by offset with a {@code select distinct … order by}, which sorts the whole realm for every page:
 * on H2 with 100,000 users one page took 25–35 s, so a pass over the realm did not finish. Users of a federation
 * provider that are not imported into Keycloak's table are not seen (their events still refresh their rows).
 */
public final class UserPages {

    private UserPages() {
    }

    /** Up to {@code size} users after {@code afterUsername} (null: from the start), in username order. */
    public static List<UserModel> after(KeycloakSession session, RealmModel realm, String afterUsername, int size) {
        String keyset = afterUsername == null ? "" : " and u.username > :after";
        var query = IdentityIndex.entityManager(session).createQuery("select u.id from UserEntity u where u.realmId = :realm" + keyset
                + " order by u.username", String.class).setParameter("realm", realm.getId()).setMaxResults(size);
        if (afterUsername != null) {
            query.setParameter("after", afterUsername);
        }
        return query.getResultList().stream().map(id -> session.users().getUserById(realm, id)).filter(java.util.Objects::nonNull).toList();
    }
}
