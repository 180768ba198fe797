package io.github.idgov.core.audit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Keeps secrets out of audit records: any value under a key that names a secret (passwords, client secrets,
 * tokens, authorization codes, credential values and data, keys, assertions) is replaced, at any depth.
 */
public final class Redactor {

    public static final String REDACTED = "[redacted]";

    private static final List<String> SECRET_WORDS = List.of("password", "secret", "token", "salt", "privatekey",
            "private_key", "credentialdata", "credential_data", "secretdata", "secret_data", "assertion", "otp",
            "passcode", "passphrase", "cookie", "hashedsaltedvalue", "credential");
    /** Names of settings about secrets (their policy, lifetime, switch), not secrets themselves. */
    private static final List<String> SAFE_SUFFIXES = List.of("policy", "lifespan", "allowed", "enabled", "type",
            "_id", ".time", "expiration", "algorithm");
    /** Exact keys that carry a secret though their name does not say so. */
    private static final Set<String> SECRET_KEYS = Set.of("value", "code", "code_id", "key", "new_value", "newvalue",
            "device_code", "user_code", "authorization", "pin");
    /** Keys that name a secret's kind, not its value. */
    private static final Set<String> SAFE_KEYS = Set.of("credential_type", "credentialtype", "token_type", "tokentype",
            "token_id", "tokenid", "token_issued_for", "refresh_token_type", "refresh_token_id", "client_auth_method", "grant_type",
            "response_type", "code_challenge_method", "auth_method", "secret_type", "otp_type", "secretexpiration",
            "requested_token_type", "subject_token_type");

    private Redactor() {
    }

    public static boolean isSecretKey(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        if (SAFE_KEYS.contains(k)) {
            return false;
        }
        if (SECRET_KEYS.contains(k)) {
            return true;
        }
        if (key.endsWith("Key") || k.endsWith("_key") || k.endsWith("-key") || k.endsWith(".key")) {
            return true; // apiKey, api_key, x-api-key, signingKey, hmacKey (not "monkey")
        }
        for (String suffix : SAFE_SUFFIXES) {
            if (k.endsWith(suffix)) {
                return false;
            }
        }
        for (String word : SECRET_WORDS) {
            if (k.contains(word)) {
                return true;
            }
        }
        return false;
    }

    /** A redacted deep copy of a parsed JSON value. */
    public static Object redact(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), isSecretKey(String.valueOf(k)) && v != null ? REDACTED : redact(v)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(item -> copy.add(redact(item)));
            return copy;
        }
        return value;
    }

    /** Redacted event details (flat string map). */
    public static Map<String, Object> redactDetails(Map<String, String> details) {
        Map<String, Object> copy = new LinkedHashMap<>();
        if (details != null) {
            details.forEach((k, v) -> copy.put(k, isSecretKey(k) && v != null ? REDACTED : v));
        }
        return copy;
    }
}
