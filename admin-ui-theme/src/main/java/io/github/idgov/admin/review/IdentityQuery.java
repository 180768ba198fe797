package io.github.idgov.admin.review;

import io.github.idgov.core.AttributeValue;
import io.github.idgov.core.GovernanceAttribute;
import io.github.idgov.core.IdentityClass;
import io.github.idgov.core.keycloak.AdminInput;
import io.github.idgov.core.keycloak.InvalidParameter;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import org.keycloak.models.UserModel;

/**
 * A validated list/export query: filters, paging and sorting. Parsing refuses malformed values with a 400 naming
 * the parameter. {@link #pushdown()} is what Keycloak's user query can filter itself; {@link #matches} is the
 * rest, applied to each identity read.
 */
record IdentityQuery(IdentityClass identityClass, Status status, String search, int first, int max, Sort sort, boolean descending) {

    enum Sort {
        USERNAME("username", Comparator.comparing(IdentityRow::username)),
        CLASS("class", Comparator.comparing(IdentityRow::identityClass)),
        STATUS("status", Comparator.comparing((IdentityRow r) -> r.status().ordinal())),
        EXPIRES_AT("expiresAt", Comparator.comparing(IdentityRow::expiresAt, Comparator.nullsLast(Comparator.naturalOrder()))),
        LAST_REVIEWED_AT("lastReviewedAt", Comparator.comparing(IdentityRow::lastReviewedAt, Comparator.nullsFirst(Comparator.naturalOrder()))),
        REVIEW_DUE_AT("reviewDueAt", Comparator.comparing(IdentityRow::reviewDueAt, Comparator.nullsLast(Comparator.naturalOrder()))),
        CREATED_AT("createdAt", Comparator.comparing(IdentityRow::createdAt, Comparator.nullsFirst(Comparator.naturalOrder())));

        private final String value;
        private final Comparator<IdentityRow> order;

        Sort(String value, Comparator<IdentityRow> order) {
            this.value = value;
            this.order = order;
        }

        String value() {
            return value;
        }

        static String allowed() {
            return String.join(", ", Arrays.stream(values()).map(Sort::value).toList());
        }
    }

    static IdentityQuery parse(String classParam, String statusParam, String search, String first, String max, String sort, String order) {
        IdentityClass identityClass = classParam == null || classParam.isBlank() ? null
                : AttributeValue.parse(IdentityClass.class, classParam).orElseThrow(() -> new InvalidParameter("class",
                        "class must be one of " + AttributeValue.allowed(IdentityClass.class) + ", got '" + classParam + "'"));
        Status status = statusParam == null || statusParam.isBlank() ? null
                : Status.parse(statusParam).orElseThrow(() -> new InvalidParameter("status",
                        "status must be one of " + Status.allowed() + ", got '" + statusParam + "'"));
        int firstValue = AdminInput.integer("first", first, 0, 0, Integer.MAX_VALUE);
        int maxValue = AdminInput.integer("max", max, ReviewApi.DEFAULT_PAGE, 1, ReviewApi.MAX_PAGE);
        Sort sortValue = sort == null || sort.isBlank() ? Sort.USERNAME
                : Arrays.stream(Sort.values()).filter(s -> s.value.equals(sort)).findFirst().orElseThrow(() -> new InvalidParameter("sort",
                        "sort must be one of " + Sort.allowed() + ", got '" + sort + "'"));
        boolean descending;
        if (order == null || order.isBlank() || order.equals("asc")) {
            descending = false;
        } else if (order.equals("desc")) {
            descending = true;
        } else {
            throw new InvalidParameter("order", "order must be asc or desc, got '" + order + "'");
        }
        if (search != null && search.length() > 255) {
            throw new InvalidParameter("search", "search must be at most 255 characters");
        }
        return new IdentityQuery(identityClass, status, search == null || search.isBlank() ? null : search.trim(), firstValue,
                maxValue, sortValue, descending);
    }

    /**
     * What Keycloak's user query filters itself: text search (username, e-mail, first and last name, Keycloak's
     * prefix / {@code *infix*} / {@code "exact"} syntax), and a stored class for bot and ai-agent (those are never
     * derived). Human and service-account may be derived from an absent attribute, which the query cannot express.
     */
    Map<String, String> pushdown() {
        Map<String, String> params = new HashMap<>();
        params.put(UserModel.INCLUDE_SERVICE_ACCOUNT, "true");
        if (search != null) {
            params.put(UserModel.SEARCH, search);
        }
        if (identityClass == IdentityClass.BOT || identityClass == IdentityClass.AI_AGENT) {
            params.put(GovernanceAttribute.CLASS.attributeName(), identityClass.value());
        }
        return params;
    }

    /** True when the scan must read every match before it can answer (anything but the query's own order). */
    boolean sortsInMemory() {
        return sort != Sort.USERNAME || descending;
    }

    /**
     * True when every user the query returns is a match, so a page can start at its own offset: no status and no
     * class filter (even bot / ai-agent are re-checked, since a stored value in another letter case is no class).
     */
    boolean queryAloneFilters() {
        return identityClass == null && status == null;
    }

    /** Filters the user query cannot apply: class (derived ones), status. */
    boolean matches(Assessment assessment) {
        return (identityClass == null || assessment.record().identityClass() == identityClass)
                && (status == null || assessment.statuses().contains(status));
    }

    Comparator<IdentityRow> comparator() {
        Comparator<IdentityRow> order = sort.order.thenComparing(IdentityRow::username);
        return descending ? order.reversed() : order;
    }

}
