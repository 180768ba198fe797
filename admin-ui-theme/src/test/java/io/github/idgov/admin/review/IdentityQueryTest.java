package io.github.idgov.admin.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.idgov.core.IdentityClass;
import io.github.idgov.core.keycloak.InvalidParameter;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.keycloak.models.UserModel;

class IdentityQueryTest {

    @Test
    void defaultsToTheFirstPageOfFiftyInUsernameOrder() {
        IdentityQuery query = IdentityQuery.parse(null, null, null, null, null, null, null);
        assertThat(query.first()).isZero();
        assertThat(query.max()).isEqualTo(50);
        assertThat(query.sort()).isEqualTo(IdentityQuery.Sort.USERNAME);
        assertThat(query.sortsInMemory()).isFalse();
        assertThat(query.pushdown()).containsExactly(Map.entry(UserModel.INCLUDE_SERVICE_ACCOUNT, "true"));
    }

    @Test
    void pushesSearchAndNeverDerivedClassesIntoTheUserQuery() {
        assertThat(IdentityQuery.parse("bot", null, " svc ", "0", "10", null, null).pushdown())
                .containsEntry(UserModel.SEARCH, "svc").containsEntry("identity_class", "bot");
        assertThat(IdentityQuery.parse("ai-agent", null, null, null, null, null, null).pushdown()).containsEntry("identity_class", "ai-agent");
        // human and service-account may be derived from an absent attribute: filtered in memory
        assertThat(IdentityQuery.parse("human", null, null, null, null, null, null).pushdown()).doesNotContainKey("identity_class");
        assertThat(IdentityQuery.parse("service-account", "expired", null, null, null, null, null).pushdown()).doesNotContainKey("identity_class");
    }

    @Test
    void anyOtherOrderIsSortedInMemory() {
        assertThat(IdentityQuery.parse(null, null, null, null, null, "username", "desc").sortsInMemory()).isTrue();
        assertThat(IdentityQuery.parse(null, null, null, null, null, "expiresAt", "asc").sortsInMemory()).isTrue();
        IdentityQuery query = IdentityQuery.parse("human", "ok", null, "5", "500", "reviewDueAt", null);
        assertThat(query.identityClass()).isEqualTo(IdentityClass.HUMAN);
        assertThat(query.status()).isEqualTo(Status.OK);
        assertThat(query.max()).isEqualTo(500);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "first | -1", "first | 1.5", "first | x", "first | 99999999999",
            "max | 0", "max | 501", "max | -3", "max | ten",
            "class | robot", "class | Human", "status | fine", "status | OK", "sort | password", "order | up",
    })
    void malformedValuesNameTheParameter(String field, String value) {
        InvalidParameter error = catchThrowableOfType(InvalidParameter.class, () -> IdentityQuery.parse(
                field.equals("class") ? value : null, field.equals("status") ? value : null, null,
                field.equals("first") ? value : null, field.equals("max") ? value : null,
                field.equals("sort") ? value : null, field.equals("order") ? value : null));
        assertThat(error).isNotNull();
        assertThat(error.field()).isEqualTo(field);
        assertThat(error.getMessage()).startsWith(field + " must");
    }
}
