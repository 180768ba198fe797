package io.github.idgov.admin.review;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.github.idgov.core.AttributeValue;
import io.github.idgov.core.IdentityClass;
import io.github.idgov.core.keycloak.InvalidParameter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.zip.CRC32;

/**
 * The {@code after} / {@code next} cursor of the identity list: the sort key of the last row of a page (the sort
 * column's value and the username, unique in a realm, which ends every order), bound to the realm, sort, order and
 * filters it was made for. Opaque to clients: base64url of a small JSON array followed by its CRC-32, so that an
 * edited cursor is refused rather than read as another position. It is no credential (no secret): it only names a
 * position in a listing the caller may already page through by {@code first}, and every request applies its own
 * realm, filters and permissions.
 *
 * @param value the sort column's value of the last row: none for {@code username}, the class for {@code class}, the
 *              status rank for {@code status}, the ISO day of expiry for {@code expiresAt}, epoch milliseconds for the
 *              other dates; null where the row has no value
 */
record PageCursor(String realmId, IdentityQuery.Sort sort, boolean descending, IdentityClass identityClass, Status status,
                  Object value, String username) {

    static final String PARAMETER = "after";
    private static final int VERSION = 1;
    /** Longer than any cursor the API writes (a username is at most 255 characters); refused before decoding. */
    private static final int MAX_LENGTH = 2048;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    PageCursor {
        Objects.requireNonNull(realmId);
        Objects.requireNonNull(sort);
        Objects.requireNonNull(username);
        if (!valueFits(sort, value)) {
            throw new IllegalArgumentException("a " + sort.value() + " cursor cannot hold " + value);
        }
    }

    /** The cursor continuing after a row of {@code query}'s listing in {@code realmId}. */
    static PageCursor after(String realmId, IdentityQuery query, Object value, String username) {
        // the rank is an integer expression, whose Java type the database driver chooses
        Object key = query.sort() == IdentityQuery.Sort.STATUS ? Integer.valueOf(((Number) value).intValue()) : value;
        return new PageCursor(realmId, query.sort(), query.descending(), query.identityClass(), query.status(), key, username);
    }

    String encode() {
        ArrayNode array = JSON.createArrayNode();
        array.add(VERSION).add(realmId).add(sort.value()).add(descending ? "desc" : "asc")
                .add(identityClass == null ? null : identityClass.value()).add(status == null ? null : status.value());
        if (value == null) {
            array.addNull();
        } else if (value instanceof Long number) {
            array.add(number);
        } else if (value instanceof Integer number) {
            array.add(number);
        } else {
            array.add(value.toString());
        }
        array.add(username);
        byte[] payload = array.toString().getBytes(StandardCharsets.UTF_8);
        return ENCODER.encodeToString(ByteBuffer.allocate(payload.length + Integer.BYTES).put(payload).putInt(crc(payload)).array());
    }

    /**
     * The cursor a request sent as {@code after}, checked against the request: absent gives null; one that is
     * malformed, edited or made for another realm, sort, order or filter is an {@link InvalidParameter} naming
     * {@code after}, as is {@code after} beside {@code first}.
     */
    static PageCursor parse(String raw, String first, String realmId, IdentityQuery query) {
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        if (first != null && !first.isEmpty()) {
            throw new InvalidParameter(PARAMETER, "after continues a listing from a cursor; it cannot be combined with first");
        }
        PageCursor cursor = decode(raw);
        if (!cursor.realmId.equals(realmId) || cursor.sort != query.sort() || cursor.descending != query.descending()
                || cursor.identityClass != query.identityClass() || cursor.status != query.status()) {
            throw new InvalidParameter(PARAMETER, "after was made for another realm, sort, order or filter"
                    + " (a cursor continues the listing that returned it as next); start again without after");
        }
        return cursor;
    }

    /** The cursor {@code raw} encodes; anything but a cursor this class wrote is an {@link InvalidParameter} naming {@code after}. */
    static PageCursor decode(String raw) {
        if (raw.length() > MAX_LENGTH) {
            throw malformed();
        }
        byte[] bytes;
        try {
            bytes = DECODER.decode(raw);
        } catch (IllegalArgumentException e) {
            throw malformed();
        }
        // the decoder ignores a final character's unused bits: only the canonical spelling is the cursor we wrote
        if (bytes.length <= Integer.BYTES || !ENCODER.encodeToString(bytes).equals(raw)) {
            throw malformed();
        }
        byte[] payload = Arrays.copyOf(bytes, bytes.length - Integer.BYTES);
        if (ByteBuffer.wrap(bytes, payload.length, Integer.BYTES).getInt() != crc(payload)) {
            throw malformed();
        }
        JsonNode array;
        try {
            array = JSON.readTree(payload);
        } catch (IOException e) {
            throw malformed();
        }
        try {
            return fromJson(array);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw malformed();
        }
    }

    private static PageCursor fromJson(JsonNode array) {
        if (array == null || !array.isArray() || array.size() != 8 || !array.get(0).isInt() || array.get(0).intValue() != VERSION) {
            throw new IllegalArgumentException("not a cursor of this version");
        }
        IdentityQuery.Sort sort = Arrays.stream(IdentityQuery.Sort.values()).filter(s -> s.value().equals(text(array.get(2))))
                .findFirst().orElseThrow(IllegalArgumentException::new);
        String order = text(array.get(3));
        if (!order.equals("asc") && !order.equals("desc")) {
            throw new IllegalArgumentException(order);
        }
        IdentityClass identityClass = array.get(4).isNull() ? null
                : AttributeValue.parse(IdentityClass.class, text(array.get(4))).orElseThrow(IllegalArgumentException::new);
        Status status = array.get(5).isNull() ? null : Status.parse(text(array.get(5))).orElseThrow(IllegalArgumentException::new);
        return new PageCursor(text(array.get(1)), sort, order.equals("desc"), identityClass, status, value(sort, array.get(6)),
                text(array.get(7)));
    }

    /** The value as its sort keeps it; a JSON value of another type is malformed. */
    private static Object value(IdentityQuery.Sort sort, JsonNode node) {
        if (node.isNull()) {
            return null;
        }
        return switch (sort) {
            case USERNAME -> throw new IllegalArgumentException("a username cursor holds no value");
            case CLASS -> AttributeValue.parse(IdentityClass.class, text(node)).orElseThrow(IllegalArgumentException::new).value();
            case STATUS -> {
                if (!node.isInt()) {
                    throw new IllegalArgumentException("rank");
                }
                yield node.intValue();
            }
            case EXPIRES_AT -> LocalDate.parse(text(node)).toString();
            case LAST_REVIEWED_AT, REVIEW_DUE_AT, CREATED_AT -> {
                if (!node.isIntegralNumber() || !node.canConvertToLong()) {
                    throw new IllegalArgumentException("instant");
                }
                yield node.longValue();
            }
        };
    }

    /** Which values a sort's cursor holds: the class and rank are never null, the dates may be. */
    private static boolean valueFits(IdentityQuery.Sort sort, Object value) {
        return switch (sort) {
            case USERNAME -> value == null;
            case CLASS -> value instanceof String;
            case STATUS -> value instanceof Integer;
            case EXPIRES_AT -> value == null || value instanceof String;
            case LAST_REVIEWED_AT, REVIEW_DUE_AT, CREATED_AT -> value == null || value instanceof Long;
        };
    }

    private static String text(JsonNode node) {
        if (node == null || !node.isTextual()) {
            throw new IllegalArgumentException("text expected");
        }
        return node.textValue();
    }

    private static int crc(byte[] payload) {
        CRC32 crc = new CRC32();
        crc.update(payload);
        return (int) crc.getValue();
    }

    private static InvalidParameter malformed() {
        return new InvalidParameter(PARAMETER, "after must be the next cursor of an earlier page of this listing, unchanged");
    }
}
