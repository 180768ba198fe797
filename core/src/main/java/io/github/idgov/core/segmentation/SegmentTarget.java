package io.github.idgov.core.segmentation;

import io.github.idgov.core.Environment;
import java.util.Optional;
import java.util.Set;

/**
 * Something a token is for, as tagged by the administrator: the client that receives it, a client named in its
 * audience, or a client scope it carries.
 *
 * @param environment its environment; empty when untagged
 * @param allowFrom   the foreign environments the administrator let in (the documented exception)
 * @param invalidTag  a stored environment value that does not parse (saved before the pack checked it, or imported);
 *                    null normally. No principal matches it, so a typo never opens the target to everyone
 */
public record SegmentTarget(Kind kind, String name, Optional<Environment> environment, Set<Environment> allowFrom,
                            String invalidTag) {

    public enum Kind {
        CLIENT("client"),
        AUDIENCE("audience"),
        SCOPE("scope");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public SegmentTarget {
        allowFrom = Set.copyOf(allowFrom);
    }

    public boolean tagged() {
        return environment.isPresent() || invalidTag != null;
    }

    /** How decisions and error descriptions name it, e.g. {@code audience billing-api (prod)}. */
    public String describe() {
        String tag = invalidTag != null ? "invalid " + SegmentationContract.ENVIRONMENT_ATTRIBUTE + " \"" + invalidTag + "\""
                : environment.map(Environment::value).orElse("untagged");
        return kind.label() + " " + name + " (" + tag + ")";
    }

    public static SegmentTarget untagged(Kind kind, String name) {
        return new SegmentTarget(kind, name, Optional.empty(), Set.of(), null);
    }
}
