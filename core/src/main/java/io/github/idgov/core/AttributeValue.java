package io.github.idgov.core;

import java.util.Arrays;
import java.util.Optional;

/** An enumerated governance value with its exact wire spelling (attribute value, claim value). */
public interface AttributeValue {

    String value();

    /** Exact, case-sensitive match: "Human" or " human" are not "human". */
    static <E extends Enum<E> & AttributeValue> Optional<E> parse(Class<E> type, String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        // a plain loop: this runs several times on every token (the realm's mode, identity classes)
        for (E constant : type.getEnumConstants()) {
            if (constant.value().equals(raw)) {
                return Optional.of(constant);
            }
        }
        return Optional.empty();
    }

    static <E extends Enum<E> & AttributeValue> String allowed(Class<E> type) {
        return String.join(", ", Arrays.stream(type.getEnumConstants()).map(AttributeValue::value).toList());
    }
}
