package io.github.idgov.core.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A JSON object's text proven to be exactly what {@link Json#canonical} writes, with its top-level members located,
 * by one scan that builds no value. A sink that receives records the outbox stored canonically can then hash and extend
 * the text itself instead of parsing and writing it again. Anything the scan cannot prove canonical (whitespace,
 * unsorted or escaped keys, a number the writer would spell differently) is refused, and the caller takes the slow path.
 */
public final class CanonicalText {

    /** Longs of 19 digits do not round-trip through {@link Json} (see JsonTest): left to the slow path. */
    private static final int MAX_INTEGER_DIGITS = 18;

    private final String text;
    private final List<String> keys;
    /** Per member, the index of its key's opening quote; the last entry is the index of the closing brace. */
    private final int[] starts;
    private final int[] valueStarts;

    private CanonicalText(String text, List<String> keys, int[] starts, int[] valueStarts) {
        this.text = text;
        this.keys = keys;
        this.starts = starts;
        this.valueStarts = valueStarts;
    }

    /** The object's text located, or empty when it is not an object in canonical form. */
    public static Optional<CanonicalText> of(String text) {
        Scanner scanner = new Scanner(text);
        return scanner.topLevel() ? Optional.of(new CanonicalText(text, scanner.keys, scanner.starts(), scanner.valueStarts()))
                : Optional.empty();
    }

    public String text() {
        return text;
    }

    public boolean has(String key) {
        return keys.contains(key);
    }

    /** A top-level string member's value when it needs no unescaping; null otherwise (absent, not a string, escaped). */
    public String plainString(String key) {
        int i = keys.indexOf(key);
        if (i < 0) {
            return null;
        }
        int from = valueStarts[i];
        int to = memberEnd(i);
        if (to - from < 2 || text.charAt(from) != '"') {
            return null;
        }
        String value = text.substring(from + 1, to - 1);
        return value.indexOf('\\') < 0 ? value : null;
    }

    /**
     * The canonical text of this object with members added: plain keys not present yet, in ascending order, each with
     * its value's canonical JSON.
     */
    public String with(List<String> addedKeys, List<String> addedValues) {
        StringBuilder out = new StringBuilder(text.length() + 160).append('{');
        int member = 0;
        int added = 0;
        while (member < keys.size() || added < addedKeys.size()) {
            if (out.length() > 1) {
                out.append(',');
            }
            if (added < addedKeys.size() && (member == keys.size() || addedKeys.get(added).compareTo(keys.get(member)) < 0)) {
                String key = addedKeys.get(added);
                if (keys.contains(key) || key.chars().anyMatch(c -> c == '"' || c == '\\' || c < 0x20)
                        || (added > 0 && addedKeys.get(added - 1).compareTo(key) >= 0)) {
                    throw new IllegalArgumentException("cannot add member " + key);
                }
                out.append('"').append(key).append("\":").append(addedValues.get(added++));
            } else {
                out.append(text, starts[member], memberEnd(member));
                member++;
            }
        }
        return out.append('}').toString();
    }

    /** Where member {@code i}'s text ends: before the comma that follows it, or before the closing brace. */
    private int memberEnd(int i) {
        return i + 1 < keys.size() ? starts[i + 1] - 1 : starts[keys.size()];
    }

    /** Recursive descent that accepts only the writer's own spelling. */
    private static final class Scanner {
        private final String text;
        private int pos;
        final List<String> keys = new ArrayList<>();
        private final List<Integer> keyStarts = new ArrayList<>();
        private final List<Integer> valueStartList = new ArrayList<>();
        private int end;

        Scanner(String text) {
            this.text = text;
        }

        boolean topLevel() {
            if (!object(true)) {
                return false;
            }
            return pos == text.length();
        }

        int[] starts() {
            int[] starts = new int[keyStarts.size() + 1];
            for (int i = 0; i < keyStarts.size(); i++) {
                starts[i] = keyStarts.get(i);
            }
            starts[keyStarts.size()] = end;
            return starts;
        }

        int[] valueStarts() {
            return valueStartList.stream().mapToInt(Integer::intValue).toArray();
        }

        private boolean object(boolean top) {
            if (!take('{')) {
                return false;
            }
            String previous = null;
            if (peek() == '}') {
                if (top) {
                    end = pos;
                }
                pos++;
                return true;
            }
            while (true) {
                int keyStart = pos;
                String key = plainKey();
                if (key == null || (previous != null && previous.compareTo(key) >= 0) || !take(':')) {
                    return false;
                }
                previous = key;
                if (top) {
                    keys.add(key);
                    keyStarts.add(keyStart);
                    valueStartList.add(pos);
                }
                if (!value()) {
                    return false;
                }
                char c = peek();
                if (c == '}') {
                    if (top) {
                        end = pos;
                    }
                    pos++;
                    return true;
                }
                if (!take(',')) {
                    return false;
                }
            }
        }

        /** A key without escapes (so its text is its value and orders as the writer's TreeMap does). */
        private String plainKey() {
            if (!take('"')) {
                return null;
            }
            int from = pos;
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (c == '"') {
                    return text.substring(from, pos++);
                }
                if (c == '\\' || c < 0x20) {
                    return null;
                }
                pos++;
            }
            return null;
        }

        private boolean value() {
            char c = peek();
            return switch (c) {
                case '{' -> object(false);
                case '[' -> array();
                case '"' -> string();
                case 't' -> literal("true");
                case 'f' -> literal("false");
                case 'n' -> literal("null");
                default -> number();
            };
        }

        private boolean array() {
            pos++;
            if (peek() == ']') {
                pos++;
                return true;
            }
            while (true) {
                if (!value()) {
                    return false;
                }
                if (peek() == ']') {
                    pos++;
                    return true;
                }
                if (!take(',')) {
                    return false;
                }
            }
        }

        /** Escapes only where the writer escapes, spelled as it spells them. */
        private boolean string() {
            pos++;
            while (pos < text.length()) {
                char c = text.charAt(pos++);
                if (c == '"') {
                    return true;
                }
                if (c < 0x20) {
                    return false;
                }
                if (c == '\\') {
                    if (pos >= text.length()) {
                        return false;
                    }
                    char e = text.charAt(pos++);
                    switch (e) {
                        case '"', '\\', 'n', 'r', 't', 'b', 'f' -> {
                        }
                        case 'u' -> {
                            if (!controlEscape()) {
                                return false;
                            }
                        }
                        default -> {
                            return false;
                        }
                    }
                }
            }
            return false;
        }

        /** A backslash-u escape 00xx in lower-case hex, for a control character that has no short escape. */
        private boolean controlEscape() {
            if (pos + 4 > text.length() || text.charAt(pos) != '0' || text.charAt(pos + 1) != '0') {
                return false;
            }
            char high = text.charAt(pos + 2);
            char low = text.charAt(pos + 3);
            boolean lowHex = (low >= '0' && low <= '9') || (low >= 'a' && low <= 'f');
            if ((high != '0' && high != '1') || !lowHex) {
                return false;
            }
            int code = (high - '0') * 16 + Character.digit(low, 16);
            pos += 4;
            return code != '\n' && code != '\r' && code != '\t' && code != '\b' && code != '\f';
        }

        private boolean literal(String word) {
            if (!text.startsWith(word, pos)) {
                return false;
            }
            pos += word.length();
            return true;
        }

        /** -?(0|[1-9][0-9]*)(.[0-9]+)? as the writer prints Long and BigDecimal; no exponent, no negative zero. */
        private boolean number() {
            int from = pos;
            if (peek() == '-') {
                pos++;
            }
            int digitsFrom = pos;
            while (pos < text.length() && Character.isDigit(text.charAt(pos)) && text.charAt(pos) < 0x80) {
                pos++;
            }
            int digits = pos - digitsFrom;
            if (digits == 0 || (digits > 1 && text.charAt(digitsFrom) == '0') || digits > MAX_INTEGER_DIGITS) {
                return false;
            }
            if (text.charAt(from) == '-' && text.charAt(digitsFrom) == '0') {
                return false; // -0 and -0.x: the writer's spelling differs or is not worth proving here
            }
            if (peek() == '.') {
                return false; // decimals never occur in audit records; the slow path keeps their exact spelling
            }
            return true;
        }

        private char peek() {
            return pos < text.length() ? text.charAt(pos) : '\0';
        }

        private boolean take(char c) {
            if (peek() != c) {
                return false;
            }
            pos++;
            return true;
        }
    }
}
