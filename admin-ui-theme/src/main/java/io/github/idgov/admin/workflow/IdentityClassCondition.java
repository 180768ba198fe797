package io.github.idgov.admin.workflow;

import io.github.idgov.core.AttributeValue;
import io.github.idgov.core.GovernanceAttribute;
import io.github.idgov.core.IdentityClass;
import io.github.idgov.core.keycloak.PrincipalResolver;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Join;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;
import jakarta.persistence.criteria.Subquery;
import java.util.Arrays;
import java.util.Collection;
import java.util.Set;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.workflow.ResourceType;
import org.keycloak.models.workflow.WorkflowConditionProvider;
import org.keycloak.models.workflow.WorkflowExecutionContext;

/**
 * True when the user's identity class, as the pack resolves it (the stored {@code identity_class}, else derived:
 * a service-account user is {@code service-account}, anyone else {@code human}), is one of the given classes.
 */
final class IdentityClassCondition implements WorkflowConditionProvider {

    private static final String USER_ID = "id";
    private static final String USER_ATTRIBUTES = "attributes";
    private static final String USER_SERVICE_ACCOUNT_LINK = "serviceAccountClientLink";
    private static final String ATTRIBUTE_NAME = "name";
    private static final String ATTRIBUTE_VALUE = "value";

    private final KeycloakSession session;
    private final Set<IdentityClass> classes;

    IdentityClassCondition(KeycloakSession session, Set<IdentityClass> classes) {
        this.session = session;
        this.classes = Set.copyOf(classes);
    }

    @Override
    public ResourceType getSupportedResourceType() {
        return ResourceType.USERS;
    }

    @Override
    public boolean evaluate(WorkflowExecutionContext context) {
        RealmModel realm = session.getContext().getRealm();
        UserModel user = session.users().getUserById(realm, context.getResourceId());
        return user != null && classes.contains(PrincipalResolver.resolve(realm, user).identityClass());
    }

    /** The same rule in SQL, for workflows that select existing users (a {@code schedule}d workflow). */
    @Override
    public Predicate toPredicate(CriteriaBuilder cb, CriteriaQuery<String> query, Root<?> user) {
        Predicate stored = cb.exists(storedClassIn(cb, query, user, classes));
        Predicate noValidStored = cb.not(cb.exists(storedClassIn(cb, query, user, Arrays.asList(IdentityClass.values()))));
        return cb.or(stored, cb.and(noValidStored, derivedClassMatches(cb, user)));
    }

    private static Subquery<Integer> storedClassIn(CriteriaBuilder cb, CriteriaQuery<String> query, Root<?> user,
                                                   Collection<IdentityClass> wanted) {
        Subquery<Integer> subquery = query.subquery(Integer.class);
        Root<?> same = subquery.from(user.getJavaType());
        Join<?, ?> attribute = same.join(USER_ATTRIBUTES);
        subquery.select(cb.literal(1)).where(
                cb.equal(same.get(USER_ID), user.get(USER_ID)),
                cb.equal(attribute.get(ATTRIBUTE_NAME), GovernanceAttribute.CLASS.attributeName()),
                attribute.get(ATTRIBUTE_VALUE).in(wanted.stream().map(AttributeValue::value).toList()));
        return subquery;
    }

    private Predicate derivedClassMatches(CriteriaBuilder cb, Root<?> user) {
        boolean human = classes.contains(IdentityClass.HUMAN);
        boolean serviceAccount = classes.contains(IdentityClass.SERVICE_ACCOUNT);
        if (human && serviceAccount) {
            return cb.conjunction();
        }
        if (human) {
            return cb.isNull(user.get(USER_SERVICE_ACCOUNT_LINK));
        }
        return serviceAccount ? cb.isNotNull(user.get(USER_SERVICE_ACCOUNT_LINK)) : cb.disjunction();
    }

    /** The argument was checked when the provider was created. */
    @Override
    public void validate() {
    }

    @Override
    public void close() {
    }
}
