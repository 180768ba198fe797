package io.github.idgov.admin.review;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Writes identity summaries one at a time as CSV or as a JSON array; nothing is held beyond the current row. */
abstract class ExportWriter implements AutoCloseable {

    /** CSV columns, in order; each is a key of the summary (nested owner/sponsor/last review flattened). */
    static final List<String> CSV_COLUMNS = List.of("id", "username", "clientId", "class", "classDerived", "enabled", "owner",
            "ownerState", "sponsor", "sponsorState", "purpose", "environment", "riskTier", "autonomy", "expiresAt",
            "reviewCadenceDays", "lastReviewedAt", "lastReviewedBy", "lastReviewComment", "reviewDueAt", "createdAt", "status",
            "statuses", "reasons", "realmRoles", "clientRoles", "clientScopes", "credentials");

    abstract void write(Map<String, Object> summary);

    @Override
    public abstract void close() throws IOException;

    static ExportWriter csv(OutputStream out) {
        return new Csv(new OutputStreamWriter(out, StandardCharsets.UTF_8));
    }

    /** @param mapper Keycloak's (fields without a value left out, as in the API's answers) */
    static ExportWriter json(OutputStream out, ObjectMapper mapper) throws IOException {
        return new Json(mapper, mapper.getFactory().createGenerator(out));
    }

    private static final class Csv extends ExportWriter {

        private final Writer out;

        Csv(Writer out) {
            this.out = out;
            line(CSV_COLUMNS);
        }

        @Override
        void write(Map<String, Object> summary) {
            line(CSV_COLUMNS.stream().map(column -> cell(summary, column)).toList());
        }

        private void line(List<String> cells) {
            try {
                out.write(cells.stream().map(Csv::escape).collect(Collectors.joining(",")));
                out.write("\r\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @SuppressWarnings("unchecked")
        private static String cell(Map<String, Object> summary, String column) {
            Object value = switch (column) {
                case "owner", "sponsor" -> nested(summary.get(column), "username");
                case "ownerState" -> nested(summary.get("owner"), "state");
                case "sponsorState" -> nested(summary.get("sponsor"), "state");
                case "lastReviewComment" -> nested(summary.get("lastReview"), "comment");
                case "clientRoles" -> summary.get(column) instanceof Map<?, ?> roles
                        ? roles.entrySet().stream().map(e -> e.getKey() + ":" + String.join("|", (Collection<String>) e.getValue()))
                        .collect(Collectors.joining("; "))
                        : null;
                case "clientScopes" -> summary.get(column) instanceof Map<?, ?> scopes
                        ? String.join("; ", (Collection<String>) scopes.get("default")) : null;
                case "credentials" -> summary.get(column) instanceof List<?> list
                        ? list.stream().map(c -> nested(c, "type") + "@" + nested(c, "createdAt")).collect(Collectors.joining("; "))
                        : null;
                default -> summary.get(column);
            };
            if (value instanceof Collection<?> values) {
                return values.stream().map(String::valueOf).collect(Collectors.joining("; "));
            }
            return value == null ? "" : String.valueOf(value);
        }

        private static Object nested(Object map, String key) {
            return map instanceof Map<?, ?> m ? m.get(key) : null;
        }

        /** RFC 4180 quoting; a cell a spreadsheet would run as a formula is prefixed with an apostrophe. */
        static String escape(String cell) {
            String safe = !cell.isEmpty() && "=+-@\t\r".indexOf(cell.charAt(0)) >= 0 ? "'" + cell : cell;
            if (safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")) {
                return "\"" + safe.replace("\"", "\"\"") + "\"";
            }
            return safe;
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }

    private static final class Json extends ExportWriter {

        private final ObjectMapper mapper;
        private final JsonGenerator out;

        Json(ObjectMapper mapper, JsonGenerator out) throws IOException {
            this.mapper = mapper;
            this.out = out;
            out.writeStartArray();
        }

        @Override
        void write(Map<String, Object> summary) {
            try {
                mapper.writeValue(out, summary);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws IOException {
            out.writeEndArray();
            out.flush();
        }
    }
}
