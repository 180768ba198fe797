package io.github.idgov.bench.jmh;

import io.github.idgov.core.IdentityClass;
import io.github.idgov.core.limits.CommandKind;
import io.github.idgov.core.limits.CommandLimitSettings;
import io.github.idgov.core.limits.CommandLimiter;
import io.github.idgov.core.limits.CombiningCounter;
import io.github.idgov.core.limits.CounterCombiner;
import io.github.idgov.core.limits.ConditionalStore;
import io.github.idgov.core.limits.InMemoryLimitCounter;
import io.github.idgov.core.limits.LimitCounter;
import io.github.idgov.core.limits.LimitOutcome;
import java.time.Clock;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * The command limiter's own cost per token request (issue 10): limit lookup, window, key, one atomic increment.
 * {@code combining} runs the production counter (concurrent increments of a key combined into one compare-and-set,
 * as the server runs it against its work cache) over an in-process map, {@code in-memory} the reference counter; a
 * clustered cache adds its write round trip to the key's primary owner on top, which the A/B run measures on a real server. One identity is a hot key (a hammering
 * bot); 10 000 identities spread the keys. JMH needs the class non-final.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CommandLimiterBenchmark {

    @Param({"combining", "in-memory"})
    public String store;

    @Param({"1", "10000"})
    public int identities;

    private CommandLimiter limiter;
    private String[] principalIds;

    /** Each thread walks the identities on its own. */
    @State(Scope.Thread)
    public static class Cursor {
        int next;
    }

    @Setup
    public void build() {
        LimitCounter counter = switch (store) {
            case "combining" -> new CombiningCounter(new MapStore(), new CounterCombiner(64));
            case "in-memory" -> new InMemoryLimitCounter(Clock.systemUTC());
            default -> throw new IllegalArgumentException("store " + store);
        };
        limiter = new CommandLimiter(CommandLimitSettings.defaults(), counter, Clock.systemUTC());
        principalIds = new String[identities];
        for (int i = 0; i < identities; i++) {
            principalIds[i] = java.util.UUID.nameUUIDFromBytes(("bot-" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
        }
    }

    @Benchmark
    public Optional<LimitOutcome> countTokenRequest(Cursor cursor) {
        return count(cursor);
    }

    @Benchmark
    @Threads(4)
    public Optional<LimitOutcome> countTokenRequest4Threads(Cursor cursor) {
        return count(cursor);
    }

    /** A human's request: the class check only, nothing counted. */
    @Benchmark
    public OptionalInt humanIsNotCounted() {
        return limiter.limitFor(CommandKind.TOKEN, IdentityClass.HUMAN, null);
    }

    private Optional<LimitOutcome> count(Cursor cursor) {
        int i = cursor.next;
        cursor.next = i + 1 == principalIds.length ? 0 : i + 1;
        // a limited bot with an override: the attribute is parsed, the request counted (over or under, same cost)
        return limiter.count(CommandKind.TOKEN, "realm-id", principalIds[i], IdentityClass.BOT, "1000000");
    }

    /** The map stands in for the work cache (lifespans are the cache's business, not the loop's). */
    static final class MapStore implements ConditionalStore {
        private final ConcurrentHashMap<String, Long> map = new ConcurrentHashMap<>();

        @Override
        public Long get(String key) {
            return map.get(key);
        }

        @Override
        public Long putIfAbsent(String key, long value, long lifespanMillis) {
            return map.putIfAbsent(key, value);
        }

        @Override
        public boolean replace(String key, long expected, long value, long lifespanMillis) {
            return map.replace(key, expected, value);
        }
    }
}
