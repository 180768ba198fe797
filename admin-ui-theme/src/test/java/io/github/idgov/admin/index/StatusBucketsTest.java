package io.github.idgov.admin.index;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idgov.core.IdentityClass;
import io.github.idgov.core.Inactivity;
import io.github.idgov.core.IndexedIdentity;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The precomputed statuses equal the review API's query predicates (restated here as the database evaluates them)
 * at every instant of the row's interval, and change at both ends of it.
 */
class StatusBucketsTest {

    private static final long DAY = 86_400_000L;
    private static final long BASE = Instant.parse("2026-11-30T07:00:00Z").toEpochMilli();
    private static final StatusBasis BASIS = new StatusBasis(14, Inactivity.of(Map.of(IdentityClass.BOT, 0)));

    @Test
    void theMaskHoldsExactlyOverItsInterval() {
        Random random = new Random(20261130L);
        int precomputed = 0;
        for (int i = 0; i < 20_000; i++) {
            IndexedIdentity facts = facts(random);
            Long lastUsed = random.nextInt(3) == 0 ? startOfDay(BASE + offset(random, 400)) : null;
            long now = BASE + offset(random, 60);
            StatusBuckets.Bucket bucket = StatusBuckets.at(facts, lastUsed, BASIS, now);
            if (bucket.equals(StatusBuckets.LIVE)) {
                continue;
            }
            precomputed++;
            assertThat(bucket.from()).isLessThanOrEqualTo(now);
            assertThat(bucket.until()).isGreaterThan(now);
            for (long t : List.of(now, bucket.from(), bucket.until() - 1, between(random, bucket.from(), bucket.until()))) {
                if (t != Long.MIN_VALUE && t != Long.MAX_VALUE - 1) {
                    assertThat(reference(facts, lastUsed, t)).as("%s at %d", facts, t).isEqualTo(bucket.mask());
                }
            }
            // the interval is the whole of it: one step outside, the answer differs
            if (bucket.until() != Long.MAX_VALUE) {
                assertThat(reference(facts, lastUsed, bucket.until())).isNotEqualTo(bucket.mask());
            }
            if (bucket.from() != Long.MIN_VALUE) {
                assertThat(reference(facts, lastUsed, bucket.from() - 1)).isNotEqualTo(bucket.mask());
            }
        }
        assertThat(precomputed).isGreaterThan(15_000);
    }

    @Test
    void theRankFollowsTheApisOrder() {
        assertThat(StatusBuckets.rank(StatusBuckets.EXPIRED | StatusBuckets.STALE, true, true, false)).isEqualTo(StatusBuckets.RANK_EXPIRED);
        assertThat(StatusBuckets.rank(StatusBuckets.OVERDUE, true, true, false)).isEqualTo(StatusBuckets.RANK_ORPHANED);
        assertThat(StatusBuckets.rank(StatusBuckets.OVERDUE, false, true, false)).isEqualTo(StatusBuckets.RANK_REQUIRED);
        assertThat(StatusBuckets.rank(StatusBuckets.OVERDUE | StatusBuckets.STALE, false, false, false)).isEqualTo(StatusBuckets.RANK_OVERDUE);
        assertThat(StatusBuckets.rank(StatusBuckets.STALE | StatusBuckets.DUE, false, false, false)).isEqualTo(StatusBuckets.RANK_STALE);
        assertThat(StatusBuckets.rank(StatusBuckets.DUE | StatusBuckets.EXPIRING, false, false, false)).isEqualTo(StatusBuckets.RANK_DUE);
        assertThat(StatusBuckets.rank(StatusBuckets.EXPIRING, false, false, false)).isEqualTo(StatusBuckets.RANK_EXPIRING);
        assertThat(StatusBuckets.rank(0, false, false, false)).isEqualTo(StatusBuckets.RANK_OK);
        assertThat(StatusBuckets.ok(StatusBuckets.DUE_STARTED, false, false, false)).isFalse();
        assertThat(StatusBuckets.ok(0, false, false, false)).isTrue();
        // incomplete (the token gate refuses it) comes right after expired and is never ok
        assertThat(StatusBuckets.rank(StatusBuckets.OVERDUE | StatusBuckets.STALE, true, true, true)).isEqualTo(StatusBuckets.RANK_INCOMPLETE);
        assertThat(StatusBuckets.rank(StatusBuckets.EXPIRED, false, false, true)).isEqualTo(StatusBuckets.RANK_EXPIRED);
        assertThat(StatusBuckets.rank(0, false, false, true)).isEqualTo(StatusBuckets.RANK_INCOMPLETE);
        assertThat(StatusBuckets.ok(0, false, false, true)).isFalse();
    }

    @Test
    void whatTheDatabaseComparesAsTextOrLeavesUnknownIsComputedLive() {
        IndexedIdentity malformed = new IndexedIdentity("m", "bot", false, true, null, null, "2026-1-5", null, null, null, BASE, false, false);
        assertThat(StatusBuckets.at(malformed, null, BASIS, BASE)).isEqualTo(StatusBuckets.LIVE);
        IndexedIdentity neverCreated = new IndexedIdentity("h", "human", false, true, null, null, null, null, null, null, null, false, false);
        assertThat(StatusBuckets.at(neverCreated, null, BASIS, BASE)).isEqualTo(StatusBuckets.LIVE);
    }

    /** The review API's predicates as its queries state them (text comparison of ISO dates, instants in millis). */
    private static int reference(IndexedIdentity facts, Long lastUsed, long now) {
        LocalDate day = LocalDate.ofInstant(Instant.ofEpochMilli(now), ZoneOffset.UTC);
        String today = day.toString();
        String expiringEdge = day.plusDays(StatusBuckets.EXPIRING_DAYS).toString();
        int mask = 0;
        String expires = facts.expiresOn();
        if (expires != null && expires.compareTo(today) <= 0) {
            mask |= StatusBuckets.EXPIRED;
        }
        if (expires != null && expires.compareTo(today) > 0 && expires.compareTo(expiringEdge) <= 0) {
            mask |= StatusBuckets.EXPIRING;
        }
        boolean overdue = facts.overdueAfter() != null && facts.overdueAfter() < now;
        mask |= overdue ? StatusBuckets.OVERDUE : 0;
        long warnEdge = Instant.ofEpochMilli(now).plus(BASIS.warningDays(), java.time.temporal.ChronoUnit.DAYS).toEpochMilli();
        boolean started = facts.reviewDueAt() != null && facts.reviewDueAt() <= warnEdge;
        mask |= started ? StatusBuckets.DUE_STARTED : 0;
        if (started && (facts.overdueAfter() == null || facts.overdueAfter() >= now)) {
            mask |= StatusBuckets.DUE;
        }
        int days = BASIS.inactivity().staleDays(IdentityClass.valueOf(facts.identityClass().toUpperCase().replace('-', '_')));
        Long since = lastUsed != null ? lastUsed : facts.createdAt();
        if (days > 0 && since != null && since < now - days * DAY) {
            mask |= StatusBuckets.STALE;
        }
        return mask;
    }

    private static IndexedIdentity facts(Random random) {
        List<String> classes = List.of("human", "service-account", "bot", "ai-agent");
        String expires = random.nextInt(4) == 0 ? null
                : LocalDate.ofInstant(Instant.ofEpochMilli(BASE), ZoneOffset.UTC).plusDays(random.nextInt(120) - 60).toString();
        Long due = random.nextInt(5) == 0 ? null : BASE + offset(random, 60);
        Long overdueAfter = due == null ? null : due + random.nextInt(30) * DAY;
        Long created = BASE - random.nextInt(400) * DAY - random.nextInt((int) DAY);
        return new IndexedIdentity("u", classes.get(random.nextInt(classes.size())), false, true, null, null, expires, due,
                overdueAfter, null, created, random.nextBoolean(), random.nextBoolean());
    }

    /** Up to {@code days} days either way, to the millisecond. */
    private static long offset(Random random, int days) {
        return (long) (random.nextDouble() * 2 * days * DAY) - days * DAY;
    }

    private static long between(Random random, long from, long until) {
        long low = Math.max(from, BASE - 400 * DAY);
        long high = Math.min(until, BASE + 400 * DAY);
        return low >= high ? low : low + (long) (random.nextDouble() * (high - low));
    }

    private static long startOfDay(long millis) {
        return LastUse.dayStart(millis);
    }
}
