package io.github.idgov.core.delegation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The step-up evidence of one approval: the level (acr) the approving person's login reached, when they authenticated,
 * who they are, and the scopes they approved. The approval page writes it server-side onto the approved CIBA request
 * (a callback parameter no client can set); the step-up gate accepts it, for the token of that request only, in place
 * of the step-up the CIBA session itself never makes.
 *
 * @param acr         the acr of the approver's token (a numeric level, or a name of the realm's acr.loa.map)
 * @param authTime    the approver's {@code auth_time} (epoch seconds)
 * @param approverSub the approver's user id
 * @param scopes      the scopes of the approved request
 */
public record ApprovalStepUp(String acr, long authTime, String approverSub, Set<String> scopes) {

    /** Tolerated clock difference between nodes when an auth time lies ahead of now. */
    static final int FUTURE_SKEW_SECONDS = 5;

    private static final String ACR = "acr";
    private static final String AUTH_TIME = "auth_time";
    private static final String APPROVER_SUB = "approver_sub";
    private static final String SCOPE = "scope";
    /** Configured once, never changed: Jackson's mapper is safe to share between threads. */
    private static final ObjectMapper JSON = new ObjectMapper();

    public ApprovalStepUp {
        scopes = Set.copyOf(scopes);
    }

    public String toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put(ACR, acr);
        json.put(AUTH_TIME, authTime);
        json.put(APPROVER_SUB, approverSub);
        json.put(SCOPE, new ApprovalBinding("-", "-", scopes, null).scopeParameter());
        try {
            return JSON.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write approval step-up evidence", e);
        }
    }

    /** The evidence written by {@link #toJson()}; empty when absent or unreadable (no evidence, fail closed). */
    public static Optional<ApprovalStepUp> parse(String json) {
        if (json == null || json.isBlank()) {
            return Optional.empty();
        }
        try {
            Map<?, ?> map = JSON.readValue(json, Map.class);
            if (!(map.get(ACR) instanceof String acr) || !(map.get(AUTH_TIME) instanceof Number authTime)
                    || !(map.get(APPROVER_SUB) instanceof String sub) || !(map.get(SCOPE) instanceof String scope)) {
                return Optional.empty();
            }
            return Optional.of(new ApprovalStepUp(acr, authTime.longValue(), sub, ApprovalBinding.scopes(scope)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The level {@link #acr} stands for (numeric, or named in {@code acrLoaMap}), or empty when it is no level. */
    public Optional<Integer> level(Map<String, Integer> acrLoaMap) {
        return AcrLevel.of(acr, acrLoaMap);
    }

    /**
     * Why this evidence does not satisfy a requirement of {@code level} within {@code maxAgeSeconds} at {@code now} for a
     * token of {@code subjectId} whose sensitive scopes are {@code sensitiveScopes}; empty when it does. The approver
     * must be the token's subject (a sponsor's step-up says nothing of the person's), every sensitive scope must be one
     * the person approved, the level (a named acr through {@code acrLoaMap}) high enough and the authentication no older than the window.
     */
    public Optional<String> shortfall(String subjectId, Set<String> sensitiveScopes, int level, int maxAgeSeconds, long now,
                                      Map<String, Integer> acrLoaMap) {
        if (subjectId == null || !subjectId.equals(approverSub)) {
            return Optional.of("the approver is not the token's subject");
        }
        if (!scopes.containsAll(sensitiveScopes)) {
            return Optional.of("the approval does not name every sensitive scope of the token");
        }
        Optional<Integer> reached = level(acrLoaMap);
        if (reached.isEmpty()) {
            return Optional.of("the approver's login reached acr " + acr + ", no level (neither a number nor in acr.loa.map)");
        }
        if (reached.get() < level) {
            return Optional.of("the approver's login reached acr " + acr + ", below level " + level);
        }
        if (authTime > now + FUTURE_SKEW_SECONDS || authTime + (long) maxAgeSeconds < now) {
            return Optional.of("the approver authenticated " + (now - authTime) + " s ago, outside the window of " + maxAgeSeconds + " s");
        }
        return Optional.empty();
    }
}
