package io.github.idgov.admin.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.idgov.admin.index.StatusBuckets;
import io.github.idgov.core.IdentityClass;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ClassStatusOrderTest {

    @Test
    void afterAKeyComeItsTiesByUsernameThenEveryRowFromTheNextValueOn() {
        assertThat(ClassStatusOrder.segmentsAfter(false, 4, "i.statusRank")).containsExactly(
                " and i.statusRank = :afterValue and i.username > :afterUsername", " and i.statusRank >= :laterValue");
        assertThat(ClassStatusOrder.segmentsAfter(true, "bot", "i.identityClass")).containsExactly(
                " and i.identityClass = :afterValue and i.username < :afterUsername", " and i.identityClass <= :laterValue");
    }

    @Test
    void afterTheLastValueOnlyTheTiesRemain() {
        assertThat(ClassStatusOrder.segmentsAfter(true, null, "i.statusRank"))
                .containsExactly(" and i.statusRank = :afterValue and i.username < :afterUsername");
    }

    @Test
    void theNextRankIsOneOnInTheOrdersDirectionWithinTheRanks() {
        assertThat(ClassStatusOrder.later(IdentityQuery.Sort.STATUS, false, StatusBuckets.RANK_ORPHANED)).isEqualTo(StatusBuckets.RANK_REQUIRED);
        assertThat(ClassStatusOrder.later(IdentityQuery.Sort.STATUS, true, StatusBuckets.RANK_ORPHANED)).isEqualTo(StatusBuckets.RANK_INCOMPLETE);
        assertThat(ClassStatusOrder.later(IdentityQuery.Sort.STATUS, false, StatusBuckets.RANK_OK)).isNull();
        assertThat(ClassStatusOrder.later(IdentityQuery.Sort.STATUS, true, StatusBuckets.RANK_EXPIRED)).isNull();
    }

    @Test
    void theNextClassIsTheNextValueInStringOrder() {
        // ai-agent < bot < human < service-account
        assertThat(ClassStatusOrder.later(IdentityQuery.Sort.CLASS, false, "ai-agent")).isEqualTo("bot");
        assertThat(ClassStatusOrder.later(IdentityQuery.Sort.CLASS, false, "bot")).isEqualTo("human");
        assertThat(ClassStatusOrder.later(IdentityQuery.Sort.CLASS, false, "human")).isEqualTo("service-account");
        assertThat(ClassStatusOrder.later(IdentityQuery.Sort.CLASS, false, "service-account")).isNull();
        assertThat(ClassStatusOrder.later(IdentityQuery.Sort.CLASS, true, "service-account")).isEqualTo("human");
        assertThat(ClassStatusOrder.later(IdentityQuery.Sort.CLASS, true, "bot")).isEqualTo("ai-agent");
        assertThat(ClassStatusOrder.later(IdentityQuery.Sort.CLASS, true, "ai-agent")).isNull();
    }

    /** The next class is found in Java's string order: every collation agrees with it while the first letters differ. */
    @Test
    void everyCollationOrdersTheClassValuesAlike() {
        assertThat(Arrays.stream(IdentityClass.values()).map(c -> c.value().charAt(0)).distinct().count())
                .isEqualTo(IdentityClass.values().length);
    }

    @Test
    void onlyClassAndStatusHaveANextValueHere() {
        assertThatThrownBy(() -> ClassStatusOrder.later(IdentityQuery.Sort.USERNAME, false, null)).isInstanceOf(IllegalArgumentException.class);
    }
}
