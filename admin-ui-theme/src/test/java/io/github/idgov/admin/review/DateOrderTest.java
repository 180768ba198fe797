package io.github.idgov.admin.review;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DateOrderTest {

    @Test
    void theWholeOrderIsTheDatedThenTheUndatedRowsOrTheReverse() {
        // expiresAt ascending: nothing to expire comes last; descending reverses it
        assertThat(DateOrder.segments(IdentityQuery.Sort.EXPIRES_AT, false, "i.expiresOn"))
                .containsExactly(" and i.expiresOn >= :lowestValue", " and i.expiresOn is null");
        assertThat(DateOrder.segments(IdentityQuery.Sort.EXPIRES_AT, true, "i.expiresOn"))
                .containsExactly(" and i.expiresOn is null", " and i.expiresOn >= :lowestValue");
        // createdAt ascending: undated first
        assertThat(DateOrder.segments(IdentityQuery.Sort.CREATED_AT, false, "i.createdAt"))
                .containsExactly(" and i.createdAt is null", " and i.createdAt >= :lowestValue");
        assertThat(DateOrder.segments(IdentityQuery.Sort.LAST_REVIEWED_AT, true, "i.lastReviewedAt"))
                .containsExactly(" and i.lastReviewedAt >= :lowestValue", " and i.lastReviewedAt is null");
    }

    @Test
    void afterADatedKeyComeItsTiesTheLaterDatesThenTheUndatedRowsWhereTheyAreLast() {
        assertThat(DateOrder.segmentsAfter(IdentityQuery.Sort.REVIEW_DUE_AT, false, 5L, "i.reviewDueAt")).containsExactly(
                " and i.reviewDueAt = :afterValue and i.username > :afterUsername",
                " and i.reviewDueAt > :afterValue and i.reviewDueAt >= :lowestValue",
                " and i.reviewDueAt is null");
        assertThat(DateOrder.segmentsAfter(IdentityQuery.Sort.CREATED_AT, true, 5L, "i.createdAt")).containsExactly(
                " and i.createdAt = :afterValue and i.username < :afterUsername",
                " and i.createdAt < :afterValue and i.createdAt >= :lowestValue",
                " and i.createdAt is null");
        assertThat(DateOrder.segmentsAfter(IdentityQuery.Sort.EXPIRES_AT, true, "2027-01-01", "i.expiresOn")).containsExactly(
                " and i.expiresOn = :afterValue and i.username < :afterUsername",
                " and i.expiresOn < :afterValue and i.expiresOn >= :lowestValue");
    }

    @Test
    void afterAnUndatedKeyComeTheRestOfThemThenTheDatedRowsWhereTheyAreLast() {
        assertThat(DateOrder.segmentsAfter(IdentityQuery.Sort.EXPIRES_AT, true, null, "i.expiresOn")).containsExactly(
                " and i.expiresOn is null and i.username < :afterUsername", " and i.expiresOn >= :lowestValue");
        assertThat(DateOrder.segmentsAfter(IdentityQuery.Sort.EXPIRES_AT, false, null, "i.expiresOn")).containsExactly(
                " and i.expiresOn is null and i.username > :afterUsername");
    }

    @Test
    void theLowestValueIsBelowEveryStoredOne() {
        assertThat(DateOrder.lowest(IdentityQuery.Sort.EXPIRES_AT)).isEqualTo("0000-01-01");
        assertThat(DateOrder.lowest(IdentityQuery.Sort.CREATED_AT)).isEqualTo(Long.MIN_VALUE);
        assertThat(java.time.LocalDate.of(0, 1, 1).toString()).isEqualTo("0000-01-01");
    }
}
