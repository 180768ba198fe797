package io.github.idgov.core.limits;

import java.util.OptionalInt;
import java.util.regex.Pattern;

/** The form of a per-identity limit attribute: a plain decimal integer within 0..{@value #MAX}, 0 meaning no limit. */
public final class LimitOverride {

    public static final int MAX = 1_000_000;

    /** Compiled once: parsed on every counted token request. */
    private static final Pattern FORM = Pattern.compile("0|[1-9][0-9]{0,6}");

    private LimitOverride() {
    }

    /** The limit written, or empty when the text is not one (signs, spaces, decimals, leading zeros, above max). */
    public static OptionalInt parse(String raw) {
        if (raw == null || !FORM.matcher(raw).matches()) {
            return OptionalInt.empty();
        }
        int value = Integer.parseInt(raw);
        return value <= MAX ? OptionalInt.of(value) : OptionalInt.empty();
    }
}
