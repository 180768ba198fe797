package io.github.idgov.admin.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.idgov.core.keycloak.InvalidParameter;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PageCursorTest {

    private static final String REALM = "0d8f1c7e-realm";

    @Property
    void everyCursorDecodesToItself(@ForAll("cursors") PageCursor cursor) {
        String encoded = cursor.encode();
        assertThat(encoded).matches("[A-Za-z0-9_-]+");
        assertThat(PageCursor.decode(encoded)).isEqualTo(cursor);
    }

    @Property
    void anEditedCharacterIsRefused(@ForAll("cursors") PageCursor cursor, @ForAll("positions") double where,
                                    @ForAll("base64url") char replacement) {
        String encoded = cursor.encode();
        int at = (int) (where * encoded.length());
        if (encoded.charAt(at) == replacement) {
            return;
        }
        String edited = encoded.substring(0, at) + replacement + encoded.substring(at + 1);
        assertThat(refusal(() -> PageCursor.decode(edited))).isNotNull();
    }

    @Test
    void theCursorIsBoundToTheRealmSortOrderAndFilters() {
        IdentityQuery query = IdentityQuery.parse("bot", "expired", null, null, "20", "expiresAt", "desc");
        String cursor = PageCursor.after(REALM, query, "2026-01-31", "bot-7").encode();

        assertThat(PageCursor.parse(cursor, null, REALM, query)).isEqualTo(
                new PageCursor(REALM, IdentityQuery.Sort.EXPIRES_AT, true, io.github.idgov.core.IdentityClass.BOT, Status.EXPIRED, "2026-01-31", "bot-7"));
        // another page size continues the same listing
        assertThat(PageCursor.parse(cursor, null, REALM, IdentityQuery.parse("bot", "expired", null, null, "50", "expiresAt", "desc"))).isNotNull();
        for (IdentityQuery other : List.of(
                IdentityQuery.parse("bot", "expired", null, null, "20", "expiresAt", "asc"),
                IdentityQuery.parse("bot", "expired", null, null, "20", "reviewDueAt", "desc"),
                IdentityQuery.parse("ai-agent", "expired", null, null, "20", "expiresAt", "desc"),
                IdentityQuery.parse(null, "expired", null, null, "20", "expiresAt", "desc"),
                IdentityQuery.parse("bot", "expiring", null, null, "20", "expiresAt", "desc"),
                IdentityQuery.parse("bot", null, null, null, "20", "expiresAt", "desc"))) {
            InvalidParameter error = refusal(() -> PageCursor.parse(cursor, null, REALM, other));
            assertThat(error.getMessage()).contains("another realm, sort, order or filter");
        }
        assertThat(refusal(() -> PageCursor.parse(cursor, null, "other-realm", query)).getMessage()).contains("another realm");
    }

    @Test
    void afterAndFirstTogetherAreRefused() {
        IdentityQuery query = IdentityQuery.parse(null, null, null, null, null, null, null);
        String cursor = PageCursor.after(REALM, query, null, "alice").encode();
        assertThat(refusal(() -> PageCursor.parse(cursor, "0", REALM, query)).getMessage()).contains("cannot be combined with first");
        assertThat(PageCursor.parse(null, "50", REALM, query)).isNull();
        assertThat(PageCursor.parse("", null, REALM, query)).isNull();
    }

    static Stream<Arguments> malformed() {
        IdentityQuery query = IdentityQuery.parse(null, null, null, null, null, "status", null);
        String valid = PageCursor.after(REALM, query, 3, "alice").encode();
        return Stream.of(
                Arguments.of("not base64", "%%%"),
                Arguments.of("padded", valid + "="),
                Arguments.of("truncated", valid.substring(0, valid.length() - 3)),
                Arguments.of("too long", "A".repeat(4000)),
                Arguments.of("json without checksum", encode("[1,\"" + REALM + "\",\"status\",\"asc\",null,null,3,\"alice\"]")),
                Arguments.of("checksummed, wrong version", withCrc("[2,\"" + REALM + "\",\"status\",\"asc\",null,null,3,\"alice\"]")),
                Arguments.of("checksummed, rank as text", withCrc("[1,\"" + REALM + "\",\"status\",\"asc\",null,null,\"3\",\"alice\"]")),
                Arguments.of("checksummed, unknown sort", withCrc("[1,\"" + REALM + "\",\"password\",\"asc\",null,null,null,\"alice\"]")),
                Arguments.of("checksummed, bad day", withCrc("[1,\"" + REALM + "\",\"expiresAt\",\"asc\",null,null,\"2026-13-01\",\"alice\"]")),
                Arguments.of("checksummed, username value", withCrc("[1,\"" + REALM + "\",\"username\",\"asc\",null,null,\"x\",\"alice\"]")),
                Arguments.of("checksummed, no username", withCrc("[1,\"" + REALM + "\",\"username\",\"asc\",null,null,null,null]")),
                Arguments.of("checksummed, not an array", withCrc("{\"v\":1}")),
                Arguments.of("checksummed, not json", withCrc("[1,")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void aMalformedCursorNamesAfter(String what, String raw) {
        InvalidParameter error = refusal(() -> PageCursor.decode(raw));
        assertThat(error.field()).isEqualTo("after");
        assertThat(error.getMessage()).startsWith("after must be");
    }

    @Test
    void keysetStartsAtTheKeyWithTheTiesByUsername() {
        assertThat(IndexedListing.keyset(false, "i.identityClass")).isEqualTo(
                " and i.identityClass >= :afterValue and (i.identityClass > :afterValue or (i.identityClass = :afterValue and i.username > :afterUsername))");
        assertThat(IndexedListing.keyset(true, null)).isEqualTo(" and i.username < :afterUsername");
    }

    @Provide
    Arbitrary<PageCursor> cursors() {
        Arbitrary<IdentityQuery.Sort> sorts = Arbitraries.of(IdentityQuery.Sort.class);
        Arbitrary<String> usernames = Arbitraries.strings().withCharRange('!', '~').withChars("äöü€ł漢 ").ofMinLength(1).ofMaxLength(255);
        return Combinators.combine(sorts, Arbitraries.of(true, false), Arbitraries.of(io.github.idgov.core.IdentityClass.class).injectNull(0.3),
                Arbitraries.of(Status.class).injectNull(0.3), usernames, Arbitraries.longs(), Arbitraries.of(true, false))
                .as((sort, descending, identityClass, status, username, number, absent) -> new PageCursor(REALM, sort, descending,
                        identityClass, status, value(sort, number, absent), username));
    }

    private static Object value(IdentityQuery.Sort sort, long number, boolean absent) {
        return switch (sort) {
            case USERNAME -> null;
            case CLASS -> io.github.idgov.core.IdentityClass.values()[(int) Math.floorMod(number, 4L)].value();
            case STATUS -> (int) Math.floorMod(number, 9L);
            case EXPIRES_AT -> absent ? null : java.time.LocalDate.ofEpochDay(Math.floorMod(number, 80_000L)).toString();
            case LAST_REVIEWED_AT, REVIEW_DUE_AT, CREATED_AT -> absent ? null : number;
        };
    }

    @Provide
    Arbitrary<Double> positions() {
        return Arbitraries.doubles().between(0, 1).filter(d -> d < 1);
    }

    @Provide
    Arbitrary<Character> base64url() {
        return Arbitraries.of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".chars().mapToObj(c -> (char) c).toList());
    }

    private static String encode(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String withCrc(String json) {
        byte[] payload = json.getBytes(StandardCharsets.UTF_8);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(payload);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(
                java.nio.ByteBuffer.allocate(payload.length + 4).put(payload).putInt((int) crc.getValue()).array());
    }

    private static InvalidParameter refusal(Runnable parse) {
        InvalidParameter error = catchThrowableOfType(InvalidParameter.class, parse::run);
        assertThat(error).as("refused").isNotNull();
        assertThat(error.field()).isEqualTo("after");
        return error;
    }
}
