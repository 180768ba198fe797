package io.github.idgov.it.support;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A large governed realm written as Keycloak's directory export ({@code <realm>-realm.json} plus
 * {@code <realm>-users-<n>.json}), for {@code kc.sh start --import-realm}: Keycloak imports the realm, then each users
 * file in its own transaction, without admin events or password hashing (the users have no credentials), which is
 * what makes 100k identities take minutes instead of the better part of an hour through partial import.
 *
 * <p>The mix, by {@code i % 100} of user {@code u<i>}: 89 % humans with a stored class, 1 % humans without one (derived
 * class), 0.2 % service accounts of confidential clients, 6.8 % bots, 3 % AI agents (with a sponsor and an autonomy).
 * Machines are owned by one of {@value #OWNERS} owner accounts; the caller disables {@value #DISABLED_OWNERS} of them after the
 * import (an enforced realm refuses to import a machine whose owner is disabled), which orphans their machines;
 * 2 % of machines are expired, the others expire within their class horizon. Creation times are spread over two
 * years and last reviews over 400 days, so some reviews are due, some overdue, some identities never reviewed, and
 * (nobody has logged in) identities older than their class's stale days are stale.
 */
public final class ScaleRealm {

    public static final int OWNERS = 200;
    public static final int DISABLED_OWNERS = 2;
    private static final int USERS_PER_FILE = 5000;

    public enum Kind { HUMAN, DERIVED_HUMAN, SERVICE_ACCOUNT, BOT, AI_AGENT }

    private final String realm;
    private final int users;
    private final Instant now;
    private final Map<Kind, Integer> counts = new EnumMap<>(Kind.class);
    private final Map<String, Integer> expired = new LinkedHashMap<>();
    private int orphaned;

    public ScaleRealm(String realm, int users, Instant now) {
        this.realm = realm;
        this.users = users;
        this.now = now;
        for (int i = 0; i < users; i++) {
            Kind kind = kind(i);
            counts.merge(kind, 1, Integer::sum);
            if (isMachine(kind) && isExpired(i)) {
                expired.merge(classOf(kind), 1, Integer::sum);
            }
            if (isMachine(kind) && (ownerOf(i) < DISABLED_OWNERS || (kind == Kind.AI_AGENT && sponsorOf(i) < DISABLED_OWNERS))) {
                orphaned++;
            }
        }
    }

    public static String username(int i) {
        return String.format("u%07d", i);
    }

    public static Kind kind(int i) {
        int slot = i % 100;
        if (slot < 89) {
            return Kind.HUMAN;
        } else if (slot == 89) {
            return Kind.DERIVED_HUMAN;
        } else if (slot == 90 && i / 100 % 5 == 0) {
            return Kind.SERVICE_ACCOUNT; // each brings a client, which Keycloak's import creates slowly (minutes per thousand)
        } else if (slot < 97) {
            return Kind.BOT;
        }
        return Kind.AI_AGENT;
    }

    /** Identities per class as the review API counts them (owners are humans). */
    public Map<String, Integer> totals() {
        Map<String, Integer> totals = new LinkedHashMap<>();
        totals.put("human", counts.getOrDefault(Kind.HUMAN, 0) + counts.getOrDefault(Kind.DERIVED_HUMAN, 0) + OWNERS);
        totals.put("service-account", counts.getOrDefault(Kind.SERVICE_ACCOUNT, 0));
        totals.put("bot", counts.getOrDefault(Kind.BOT, 0));
        totals.put("ai-agent", counts.getOrDefault(Kind.AI_AGENT, 0));
        return totals;
    }

    /** Expired machines per class. */
    public Map<String, Integer> expired() {
        return expired;
    }

    /** Machines whose owner or sponsor is one of the first {@value #DISABLED_OWNERS} owners (once those are disabled). */
    public int orphaned() {
        return orphaned;
    }

    private static int ownerOf(int i) {
        return i / 100 % OWNERS;
    }

    private static int sponsorOf(int i) {
        return (i / 100 + 7) % OWNERS;
    }

    public int total() {
        return users + OWNERS;
    }

    /** Writes the realm and users files into {@code dir} (Keycloak's {@code data/import}). */
    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        ObjectMapper json = new ObjectMapper();
        try (JsonGenerator out = json.getFactory().createGenerator(dir.resolve(realm + "-realm.json").toFile(), JsonEncoding.UTF8)) {
            out.writeStartObject();
            out.writeStringField("realm", realm);
            out.writeBooleanField("enabled", true);
            // imported ungoverned, then switched on by the caller: the pack's import check of an enforced realm reads
            // every user and each owner in the import's one transaction, which does not finish in reasonable time at 100k
            out.writeObjectField("attributes", Map.of("idgov.mode", "off"));
            out.writeArrayFieldStart("clients");
            for (int i = 0; i < users; i++) {
                if (kind(i) == Kind.SERVICE_ACCOUNT) {
                    out.writeObject(Map.of("clientId", username(i), "enabled", true, "publicClient", false,
                            "serviceAccountsEnabled", true, "standardFlowEnabled", false, "secret", "secret-" + username(i)));
                }
            }
            out.writeEndArray();
            out.writeArrayFieldStart("users");
            for (int o = 0; o < OWNERS; o++) {
                Map<String, Object> owner = human(owner(o), true, 400);
                owner.put("attributes", Map.of("identity_class", List.of("human")));
                out.writeObject(owner);
            }
            out.writeEndArray();
            out.writeEndObject();
        }
        for (int from = 0, file = 0; from < users; from += USERS_PER_FILE, file++) {
            Path path = dir.resolve(realm + "-users-" + file + ".json");
            try (JsonGenerator out = json.getFactory().createGenerator(path.toFile(), JsonEncoding.UTF8)) {
                out.writeStartObject();
                out.writeStringField("realm", realm);
                out.writeArrayFieldStart("users");
                for (int i = from; i < Math.min(users, from + USERS_PER_FILE); i++) {
                    out.writeObject(user(i));
                }
                out.writeEndArray();
                out.writeEndObject();
            }
        }
    }

    public static String owner(int o) {
        return String.format("owner-%03d", o);
    }

    private Map<String, Object> user(int i) {
        Kind kind = kind(i);
        Map<String, Object> user;
        Map<String, List<String>> attributes = new LinkedHashMap<>();
        if (kind == Kind.SERVICE_ACCOUNT) {
            user = new LinkedHashMap<>();
            user.put("username", "service-account-" + username(i));
            user.put("enabled", true);
            user.put("serviceAccountClientId", username(i));
            user.put("createdTimestamp", daysAgo(i % 400).toEpochMilli());
        } else {
            user = human(username(i), true, i % 730);
        }
        if (kind != Kind.DERIVED_HUMAN) {
            attributes.put("identity_class", List.of(classOf(kind)));
        }
        if (isMachine(kind)) {
            attributes.put("identity_owner", List.of(owner(ownerOf(i))));
            attributes.put("identity_purpose", List.of("scale seed " + classOf(kind)));
            int horizon = switch (kind) {
                case SERVICE_ACCOUNT -> 365;
                case BOT -> 180;
                default -> 90;
            };
            LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
            attributes.put("identity_expires_at", List.of((isExpired(i) ? today.minusDays(1 + i % 30) : today.plusDays(1 + i % horizon)).toString()));
            attributes.put("identity_risk_tier", List.of(List.of("low", "medium", "high").get(i % 3)));
            if (kind == Kind.AI_AGENT) {
                attributes.put("identity_sponsor", List.of(owner(sponsorOf(i))));
                attributes.put("identity_autonomy", List.of(List.of("observe", "recommend", "act").get(i % 3)));
            }
            attributes.put("identity_last_reviewed_at", List.of(daysAgo(i % 200).truncatedTo(ChronoUnit.SECONDS).toString()));
            attributes.put("identity_last_reviewed_by", List.of(owner(i / 100 % OWNERS)));
        } else if (i % 10 != 0) { // one human in ten never reviewed
            attributes.put("identity_last_reviewed_at", List.of(daysAgo(i % 400).truncatedTo(ChronoUnit.SECONDS).toString()));
            attributes.put("identity_last_reviewed_by", List.of("auditor"));
        }
        if (!attributes.isEmpty()) {
            user.put("attributes", attributes);
        }
        return user;
    }

    private Map<String, Object> human(String username, boolean enabled, int ageDays) {
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("username", username);
        user.put("enabled", enabled);
        user.put("email", username + "@example.org");
        user.put("emailVerified", true);
        user.put("firstName", "First " + username);
        user.put("lastName", "Last " + username);
        user.put("createdTimestamp", daysAgo(ageDays).toEpochMilli());
        return user;
    }

    private Instant daysAgo(int days) {
        return now.minus(days, ChronoUnit.DAYS).minus(1, ChronoUnit.HOURS);
    }

    private static boolean isMachine(Kind kind) {
        return kind == Kind.SERVICE_ACCOUNT || kind == Kind.BOT || kind == Kind.AI_AGENT;
    }

    /** 2 % of machines: those in every 50th block of 100. */
    private static boolean isExpired(int i) {
        return i / 100 % 50 == 3;
    }

    private static String classOf(Kind kind) {
        return switch (kind) {
            case HUMAN, DERIVED_HUMAN -> "human";
            case SERVICE_ACCOUNT -> "service-account";
            case BOT -> "bot";
            case AI_AGENT -> "ai-agent";
        };
    }
}
