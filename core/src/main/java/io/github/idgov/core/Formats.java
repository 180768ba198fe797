package io.github.idgov.core;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** The ISO-8601 and integer forms the governance attributes accept. */
final class Formats {

    static final int MAX_CADENCE_DAYS = 3650;
    static final int MAX_PURPOSE_LENGTH = 1024;

    private Formats() {
    }

    /** ISO calendar date, e.g. 2027-03-31; nothing else (no time, no week dates). */
    static Optional<LocalDate> isoDate(String raw) {
        if (plainDate(raw)) {
            // the usual yyyy-MM-dd read by hand: the formatter's parse was most of a governance record's cost per token
            try {
                return Optional.of(LocalDate.of(digits(raw, 0, 4), digits(raw, 5, 7), digits(raw, 8, 10)));
            } catch (DateTimeException e) {
                return Optional.empty(); // month 13, February 30th
            }
        }
        try {
            return Optional.of(LocalDate.parse(raw, DateTimeFormatter.ISO_LOCAL_DATE));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static boolean plainDate(String raw) {
        if (raw.length() != 10 || raw.charAt(4) != '-' || raw.charAt(7) != '-') {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            if (i != 4 && i != 7 && (raw.charAt(i) < '0' || raw.charAt(i) > '9')) {
                return false;
            }
        }
        return true;
    }

    private static int digits(String raw, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            value = value * 10 + raw.charAt(i) - '0';
        }
        return value;
    }

    /** ISO instant in UTC, e.g. 2026-11-29T10:15:30Z. */
    static Optional<Instant> isoInstant(String raw) {
        if (!raw.endsWith("Z")) {
            return Optional.empty(); // Instant.parse also takes offsets; the contract is UTC
        }
        try {
            return Optional.of(Instant.parse(raw));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Review cadence: a plain decimal integer within 1..{@value #MAX_CADENCE_DAYS}. */
    static Optional<Integer> cadenceDays(String raw) {
        if (!raw.matches("[1-9][0-9]{0,3}")) {
            return Optional.empty();
        }
        int days = Integer.parseInt(raw);
        return days >= 1 && days <= MAX_CADENCE_DAYS ? Optional.of(days) : Optional.empty();
    }
}
