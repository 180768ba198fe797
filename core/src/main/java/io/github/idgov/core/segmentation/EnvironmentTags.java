package io.github.idgov.core.segmentation;

import io.github.idgov.core.AttributeValue;
import io.github.idgov.core.Environment;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Parses and checks the segmentation attributes of a client or client scope. A value that does not parse is
 * refused when saved; at token time such a value (stored before the pack, or by import) counts as a tag no
 * principal matches, so a typo never opens the target to everyone.
 */
public final class EnvironmentTags {

    private EnvironmentTags() {
    }

    /** Problems with the two attributes, each naming its attribute; empty when both are absent or valid. */
    public static List<String> problems(String environment, String allowFrom) {
        List<String> problems = new ArrayList<>();
        if (environment != null && AttributeValue.parse(Environment.class, environment).isEmpty()) {
            problems.add(SegmentationContract.ENVIRONMENT_ATTRIBUTE + ": \"" + environment + "\" is not one of: "
                    + AttributeValue.allowed(Environment.class));
        }
        if (allowFrom != null) {
            for (String item : allowFrom.split(",", -1)) {
                if (AttributeValue.parse(Environment.class, item.trim()).isEmpty()) {
                    problems.add(SegmentationContract.ALLOW_FROM_ATTRIBUTE + ": \"" + item.trim()
                            + "\" is not one of: " + AttributeValue.allowed(Environment.class) + " (comma-separated)");
                }
            }
            if (environment == null) {
                problems.add(SegmentationContract.ALLOW_FROM_ATTRIBUTE + ": set without "
                        + SegmentationContract.ENVIRONMENT_ATTRIBUTE + " (an untagged target has no constraint to relax)");
            }
        }
        return problems;
    }

    /** A target from its stored attributes; see the class comment for values that do not parse. */
    public static SegmentTarget target(SegmentTarget.Kind kind, String name, String environment, String allowFrom) {
        if (environment == null || environment.isBlank()) {
            return SegmentTarget.untagged(kind, name);
        }
        Optional<Environment> parsed = AttributeValue.parse(Environment.class, environment.trim());
        if (parsed.isEmpty()) {
            return new SegmentTarget(kind, name, Optional.empty(), Set.of(), environment);
        }
        return new SegmentTarget(kind, name, parsed, allowFrom(allowFrom), null);
    }

    /** Problem with the realm's strict-mode attribute; empty when absent, {@code true} or {@code false}. */
    public static List<String> strictProblems(String raw) {
        return raw == null || raw.equals("true") || raw.equals("false") ? List.of()
                : List.of(SegmentationContract.STRICT_REALM_ATTRIBUTE + ": \"" + raw + "\" is not one of: true, false");
    }

    public static boolean strict(String raw) {
        return "true".equals(raw);
    }

    static Set<Environment> allowFrom(String raw) {
        Set<Environment> allowed = EnumSet.noneOf(Environment.class);
        if (raw != null) {
            for (String item : raw.split(",")) {
                AttributeValue.parse(Environment.class, item.trim()).ifPresent(allowed::add);
            }
        }
        return allowed;
    }
}
