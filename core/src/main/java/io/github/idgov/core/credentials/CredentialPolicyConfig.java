package io.github.idgov.core.credentials;

import io.github.idgov.core.AttributeValue;
import io.github.idgov.core.IdentityClass;
import io.github.idgov.core.RiskTier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the credential policy from an executor configuration (JSON object as a map): every key optional, a missing
 * key takes its default, a present but bad one is an error naming the key. Lists are JSON arrays or comma-separated
 * strings; days are whole numbers (0 = no maximum).
 */
public final class CredentialPolicyConfig {

    /** The policy read, or the errors (one per bad key) that keep it from being read. */
    public record Parsed(CredentialPolicy policy, List<String> errors) {

        public boolean valid() {
            return errors.isEmpty();
        }
    }

    private CredentialPolicyConfig() {
    }

    /** Every key an administrator can set, in display order. */
    public static List<String> keys() {
        List<String> keys = new ArrayList<>();
        keys.add(CredentialContract.CONFIG_ENFORCEMENT);
        CredentialPolicy.CLASSES.forEach(c -> keys.add(CredentialContract.CONFIG_METHODS_PREFIX + c.value()));
        for (RiskTier t : RiskTier.values()) {
            keys.add(CredentialContract.CONFIG_METHODS_RISK_PREFIX + t.value());
        }
        CredentialPolicy.CLASSES.forEach(c -> keys.add(CredentialContract.CONFIG_MAX_AGE_PREFIX + c.value()));
        for (RiskTier t : RiskTier.values()) {
            keys.add(CredentialContract.CONFIG_MAX_AGE_RISK_PREFIX + t.value());
        }
        keys.add(CredentialContract.CONFIG_GRACE);
        return keys;
    }

    public static Parsed parse(Map<String, ?> config) {
        Map<String, ?> source = config == null ? Map.of() : config;
        List<String> errors = new ArrayList<>();
        for (String key : source.keySet()) {
            if (!keys().contains(key)) {
                errors.add(key + ": unknown setting; known: " + String.join(", ", keys()));
            }
        }
        CredentialEnforcement enforcement = CredentialEnforcement.DEFAULT;
        Object rawEnforcement = source.get(CredentialContract.CONFIG_ENFORCEMENT);
        if (present(rawEnforcement)) {
            var parsed = AttributeValue.parse(CredentialEnforcement.class, String.valueOf(rawEnforcement).trim());
            if (parsed.isPresent()) {
                enforcement = parsed.get();
            } else {
                errors.add(CredentialContract.CONFIG_ENFORCEMENT + ": '" + rawEnforcement + "' is not one of "
                        + AttributeValue.allowed(CredentialEnforcement.class));
            }
        }
        Map<IdentityClass, Set<String>> classMethods = new EnumMap<>(IdentityClass.class);
        Map<IdentityClass, Integer> classDays = new EnumMap<>(IdentityClass.class);
        for (IdentityClass c : CredentialPolicy.CLASSES) {
            classMethods.put(c, methods(source, CredentialContract.CONFIG_METHODS_PREFIX + c.value(), CredentialPolicy.defaultMethods(c), errors));
            classDays.put(c, days(source, CredentialContract.CONFIG_MAX_AGE_PREFIX + c.value(), CredentialPolicy.defaultMaxAgeDays(c), errors));
        }
        Map<RiskTier, Set<String>> tierMethods = new EnumMap<>(RiskTier.class);
        Map<RiskTier, Integer> tierDays = new EnumMap<>(RiskTier.class);
        for (RiskTier t : RiskTier.values()) {
            tierMethods.put(t, methods(source, CredentialContract.CONFIG_METHODS_RISK_PREFIX + t.value(), CredentialPolicy.defaultMethods(t), errors));
            tierDays.put(t, days(source, CredentialContract.CONFIG_MAX_AGE_RISK_PREFIX + t.value(), CredentialPolicy.defaultMaxAgeDays(t), errors));
        }
        int grace = days(source, CredentialContract.CONFIG_GRACE, CredentialPolicy.DEFAULT_GRACE_DAYS, errors);
        CredentialPolicy policy = errors.isEmpty()
                ? new CredentialPolicy(enforcement, classMethods, tierMethods, classDays, tierDays, grace)
                : null;
        return new Parsed(policy, List.copyOf(errors));
    }

    private static Set<String> methods(Map<String, ?> source, String key, Set<String> fallback, List<String> errors) {
        Object raw = source.get(key);
        if (!present(raw)) {
            return fallback;
        }
        List<String> values = new ArrayList<>();
        if (raw instanceof Collection<?> list) {
            list.forEach(v -> values.add(String.valueOf(v).trim()));
        } else {
            for (String part : String.valueOf(raw).split("[,#]+")) {
                values.add(part.trim());
            }
        }
        values.removeIf(String::isEmpty);
        Set<String> methods = new LinkedHashSet<>();
        for (String value : values) {
            if (!CredentialContract.METHODS.contains(value)) {
                errors.add(key + ": '" + value + "' is not a client authenticator; known: " + String.join(", ", CredentialContract.METHODS));
                return fallback;
            }
            methods.add(value);
        }
        if (methods.isEmpty()) {
            // an empty list would lock every client of the class out; an administrator who means that disables the clients
            errors.add(key + ": at least one method is required");
            return fallback;
        }
        return methods;
    }

    private static int days(Map<String, ?> source, String key, int fallback, List<String> errors) {
        Object raw = source.get(key);
        if (!present(raw)) {
            return fallback;
        }
        String text = String.valueOf(raw).trim();
        if (!text.matches("\\d{1,5}")) {
            errors.add(key + ": '" + raw + "' is not a whole number of days (0 to 99999, 0 = no maximum)");
            return fallback;
        }
        return Integer.parseInt(text);
    }

    private static boolean present(Object raw) {
        if (raw == null) {
            return false;
        }
        if (raw instanceof Collection<?> list) {
            return true; // an empty list is a choice, checked by the caller
        }
        return !String.valueOf(raw).isBlank();
    }
}
