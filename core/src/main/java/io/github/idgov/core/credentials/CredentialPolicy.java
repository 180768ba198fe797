package io.github.idgov.core.credentials;

import io.github.idgov.core.IdentityClass;
import io.github.idgov.core.RiskTier;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Which client authentication methods a machine may use, and how old its secret may get, by identity class and
 * risk tier. A method is allowed when both the class and the tier allow it; the secret maximum is the stricter of
 * the class and tier maxima (0 = no maximum); a secret is refused once older than maximum + grace.
 * Humans are not governed here: a client's principal is its service account, never a person.
 */
public record CredentialPolicy(
        CredentialEnforcement enforcement,
        Map<IdentityClass, Set<String>> classMethods,
        Map<RiskTier, Set<String>> tierMethods,
        Map<IdentityClass, Integer> classMaxAgeDays,
        Map<RiskTier, Integer> tierMaxAgeDays,
        int graceDays) {

    /** The classes the policy governs (machines). */
    public static final List<IdentityClass> CLASSES = List.of(IdentityClass.SERVICE_ACCOUNT, IdentityClass.BOT, IdentityClass.AI_AGENT);
    public static final int DEFAULT_GRACE_DAYS = 7;

    public CredentialPolicy {
        classMethods = copy(classMethods, IdentityClass.class);
        tierMethods = copy(tierMethods, RiskTier.class);
        classMaxAgeDays = Map.copyOf(classMaxAgeDays);
        tierMaxAgeDays = Map.copyOf(tierMaxAgeDays);
    }

    /**
     * Agents and high/critical tiers authenticate with keys or workload identity only; low/medium service accounts
     * and bots may keep a secret for at most 90 days (30 at high/critical tier, 180 at low) plus 7 days of grace.
     */
    public static CredentialPolicy defaults() {
        return Defaults.POLICY;
    }

    /** Built once (the policy is immutable): each gate instance starts from it, one per request. */
    private static final class Defaults {
        static final CredentialPolicy POLICY = new CredentialPolicy(CredentialEnforcement.DEFAULT, defaultClassMethods(),
                defaultTierMethods(), defaultClassMaxAgeDays(), defaultTierMaxAgeDays(), DEFAULT_GRACE_DAYS);
    }

    public static Set<String> defaultMethods(IdentityClass identityClass) {
        return identityClass == IdentityClass.AI_AGENT ? keyBased() : all();
    }

    public static Set<String> defaultMethods(RiskTier tier) {
        return tier == RiskTier.HIGH || tier == RiskTier.CRITICAL ? keyBased() : all();
    }

    public static int defaultMaxAgeDays(IdentityClass identityClass) {
        return 90;
    }

    public static int defaultMaxAgeDays(RiskTier tier) {
        return switch (tier) {
            case LOW -> 180;
            case MEDIUM -> 90;
            case HIGH, CRITICAL -> 30;
        };
    }

    public static boolean governs(IdentityClass identityClass) {
        return CLASSES.contains(identityClass);
    }

    /** Methods allowed to a class at a tier, in {@link CredentialContract#METHODS} order; every method for humans. */
    public Set<String> allowedMethods(IdentityClass identityClass, RiskTier tier) {
        if (!governs(identityClass)) {
            return all();
        }
        Set<String> allowed = new LinkedHashSet<>();
        for (String method : CredentialContract.METHODS) {
            if (classMethods.getOrDefault(identityClass, Set.of()).contains(method) && tierMethods.getOrDefault(tier, Set.of()).contains(method)) {
                allowed.add(method);
            }
        }
        return allowed;
    }

    /** The secret maximum age in days, the stricter of class and tier; empty when neither sets one. */
    public OptionalInt maxSecretAgeDays(IdentityClass identityClass, RiskTier tier) {
        if (!governs(identityClass)) {
            return OptionalInt.empty();
        }
        int byClass = classMaxAgeDays.getOrDefault(identityClass, 0);
        int byTier = tierMaxAgeDays.getOrDefault(tier, 0);
        if (byClass == 0 && byTier == 0) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(byClass == 0 ? byTier : byTier == 0 ? byClass : Math.min(byClass, byTier));
    }

    /** Checks a client's configured method (the one it must authenticate with): at configuration time. */
    public List<CredentialFinding> checkMethod(CredentialSubject subject, String method) {
        Set<String> allowed = allowedMethods(subject.identityClass(), subject.riskTier());
        if (allowed.contains(method)) {
            return List.of();
        }
        return List.of(new CredentialFinding(CredentialContract.POLICY_METHOD, CredentialContract.FIELD_AUTHENTICATOR,
                "client " + subject.clientId() + " (" + subject.describe() + ") authenticates with " + method + "; allowed for "
                        + subject.describe() + ": " + (allowed.isEmpty() ? "none" : String.join(", ", allowed)) + "."));
    }

    /**
     * Checks a client at token time: its method, and for a secret method the secret's age.
     *
     * @param secretIssued when the current secret was generated (or first seen); null when the method uses no secret
     */
    public List<CredentialFinding> check(CredentialSubject subject, String method, Instant secretIssued, Instant now) {
        List<CredentialFinding> findings = new ArrayList<>(checkMethod(subject, method));
        if (findings.isEmpty() && CredentialContract.SECRET_METHODS.contains(method)) {
            secretAge(subject, secretIssued, now).filter(age -> age.stage() == SecretAge.Stage.REFUSED)
                    .ifPresent(age -> findings.add(age.finding()));
        }
        return findings;
    }

    /**
     * How far past its maximum age a secret is (the token gate refuses at {@link SecretAge.Stage#REFUSED}, the sweep
     * reports both stages); empty while the secret is younger than the maximum, or when no maximum or no issue time applies.
     */
    public Optional<SecretAge> secretAge(CredentialSubject subject, Instant secretIssued, Instant now) {
        OptionalInt maxDays = maxSecretAgeDays(subject.identityClass(), subject.riskTier());
        if (secretIssued == null || maxDays.isEmpty()) {
            return Optional.empty();
        }
        Instant maximum = secretIssued.plus(Duration.ofDays(maxDays.getAsInt()));
        if (now.isBefore(maximum)) {
            return Optional.empty();
        }
        Instant refusedFrom = maximum.plus(Duration.ofDays(graceDays));
        long ageDays = Duration.between(secretIssued, now).toDays();
        String prefix = "client secret of " + subject.clientId() + " (" + subject.describe() + ") is " + ageDays
                + " days old, issued " + day(secretIssued) + "; maximum " + maxDays.getAsInt() + " days + " + graceDays + " days grace";
        boolean refused = !now.isBefore(refusedFrom);
        String reason = refused ? prefix + ": regenerate the secret."
                : prefix + ": refused from " + day(refusedFrom) + ", regenerate the secret before then.";
        return Optional.of(new SecretAge(refused ? SecretAge.Stage.REFUSED : SecretAge.Stage.PAST_MAXIMUM, secretIssued, refusedFrom,
                new CredentialFinding(CredentialContract.POLICY_SECRET_AGE, "secret", reason)));
    }

    private static String day(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC).toString();
    }

    private static Set<String> all() {
        return new LinkedHashSet<>(CredentialContract.METHODS);
    }

    private static Set<String> keyBased() {
        return new LinkedHashSet<>(CredentialContract.KEY_BASED_METHODS);
    }

    private static Map<IdentityClass, Set<String>> defaultClassMethods() {
        Map<IdentityClass, Set<String>> methods = new EnumMap<>(IdentityClass.class);
        CLASSES.forEach(c -> methods.put(c, defaultMethods(c)));
        return methods;
    }

    private static Map<RiskTier, Set<String>> defaultTierMethods() {
        Map<RiskTier, Set<String>> methods = new EnumMap<>(RiskTier.class);
        for (RiskTier tier : RiskTier.values()) {
            methods.put(tier, defaultMethods(tier));
        }
        return methods;
    }

    private static Map<IdentityClass, Integer> defaultClassMaxAgeDays() {
        Map<IdentityClass, Integer> days = new EnumMap<>(IdentityClass.class);
        CLASSES.forEach(c -> days.put(c, defaultMaxAgeDays(c)));
        return days;
    }

    private static Map<RiskTier, Integer> defaultTierMaxAgeDays() {
        Map<RiskTier, Integer> days = new EnumMap<>(RiskTier.class);
        for (RiskTier tier : RiskTier.values()) {
            days.put(tier, defaultMaxAgeDays(tier));
        }
        return days;
    }

    private static <K extends Enum<K>> Map<K, Set<String>> copy(Map<K, Set<String>> source, Class<K> type) {
        Map<K, Set<String>> copy = new EnumMap<>(type);
        source.forEach((k, v) -> copy.put(k, Set.copyOf(v)));
        return Map.copyOf(copy);
    }
}
