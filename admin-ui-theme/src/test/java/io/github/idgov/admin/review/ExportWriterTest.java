package io.github.idgov.admin.review;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class ExportWriterTest {

    @Test
    void csvQuotesSeparatorsAndDefusesFormulas() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", "1");
        row.put("username", "=HYPERLINK(\"x\")");
        row.put("purpose", "sync, \"nightly\"\nand more");
        row.put("owner", Map.of("username", "olivia", "state", "ok"));
        row.put("lastReview", Map.of("comment", "fine"));
        row.put("realmRoles", new TreeSet<>(Set.of("a", "b")));
        row.put("clientRoles", Map.of("app", new TreeSet<>(Set.of("reader"))));
        row.put("credentials", List.of(Map.of("type", "password", "createdAt", "2026-01-01T00:00:00Z")));
        try (ExportWriter writer = ExportWriter.csv(out)) {
            writer.write(row);
        }
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\r\n");
        assertThat(lines[0]).isEqualTo(String.join(",", ExportWriter.CSV_COLUMNS));
        String data = out.toString(StandardCharsets.UTF_8).substring(lines[0].length() + 2);
        // id; username quoted and defused; clientId, class, classDerived, enabled empty; owner, its state; sponsor, its state empty; purpose quoted
        assertThat(data).startsWith("1,\"'=HYPERLINK(\"\"x\"\")\",,,,,olivia,ok,,,\"sync, \"\"nightly\"\"\nand more\",");
        assertThat(data).contains(",fine,").contains(",a; b,app:reader,,password@2026-01-01T00:00:00Z\r\n");
    }

    @Test
    void jsonIsOneArrayOfObjects() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ExportWriter writer = ExportWriter.json(out, new ObjectMapper())) {
            writer.write(Map.of("username", "a"));
            writer.write(Map.of("username", "b"));
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("[{\"username\":\"a\"},{\"username\":\"b\"}]");
    }
}
