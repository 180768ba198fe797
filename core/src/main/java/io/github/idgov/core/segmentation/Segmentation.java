package io.github.idgov.core.segmentation;

import io.github.idgov.core.Environment;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The segmentation rule: a principal of one environment gets no token for a client, audience or scope of another.
 * <ul>
 *   <li>untagged target: no constraint;</li>
 *   <li>same environment, or the principal's environment listed in the target's allow-from exception: allowed;</li>
 *   <li>untagged principal: allowed, unless the realm is strict (then a tagged target needs a tagged principal);</li>
 *   <li>a target whose stored tag does not parse: refused to everyone (fails closed).</li>
 * </ul>
 */
public final class Segmentation {

    /** One target the principal may not reach, with the English reason. */
    public record Crossing(SegmentTarget target, String reason) {
    }

    private Segmentation() {
    }

    public static List<Crossing> crossings(Optional<Environment> principal, boolean strict, List<SegmentTarget> targets) {
        List<Crossing> crossings = new ArrayList<>();
        for (SegmentTarget target : targets) {
            reason(principal, strict, target).ifPresent(reason -> crossings.add(new Crossing(target, reason)));
        }
        return crossings;
    }

    static Optional<String> reason(Optional<Environment> principal, boolean strict, SegmentTarget target) {
        if (target.invalidTag() != null) {
            return Optional.of(target.describe() + " has an environment no principal matches");
        }
        if (target.environment().isEmpty()) {
            return Optional.empty();
        }
        Environment environment = target.environment().get();
        if (principal.isEmpty()) {
            return strict ? Optional.of("a principal without identity_environment may not reach " + target.describe()
                    + " (realm is strict)") : Optional.empty();
        }
        Environment own = principal.get();
        if (own == environment || target.allowFrom().contains(own)) {
            return Optional.empty();
        }
        return Optional.of(own.value() + " identity may not reach " + target.describe());
    }
}
