package io.github.idgov.core.delegation;

import java.util.Map;
import java.util.Optional;

/**
 * The level of authentication an {@code acr} value stands for, read as Keycloak reads a requested one: the realm's (or
 * client's) {@code acr.loa.map} first ({@code {"silver":1,"gold":2}}), else the value as a number. A realm that names
 * its levels issues {@code acr} "gold", not "2": evidence carrying that name must still count as level 2.
 */
public final class AcrLevel {

    private AcrLevel() {
    }

    /** Empty when the value is neither mapped nor a number (no level: fail closed). */
    public static Optional<Integer> of(String acr, Map<String, Integer> acrLoaMap) {
        if (acr == null || acr.isBlank()) {
            return Optional.empty();
        }
        Integer mapped = acrLoaMap == null ? null : acrLoaMap.get(acr.trim());
        if (mapped != null) {
            return Optional.of(mapped);
        }
        try {
            return Optional.of(Integer.parseInt(acr.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
