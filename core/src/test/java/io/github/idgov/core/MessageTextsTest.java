package io.github.idgov.core;

import static io.github.idgov.core.Fixtures.DIRECTORY;
import static io.github.idgov.core.Fixtures.attrs;
import static io.github.idgov.core.Fixtures.complete;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class MessageTextsTest {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\d+}");
    private static final Pattern KEY_LITERAL = Pattern.compile("\"(idgov-[a-z0-9-]+)\"");
    private static final Path CORE_SOURCES = Path.of("src/main/java/io/github/idgov/core");

    static Properties bundle() {
        Properties p = new Properties();
        try (InputStream in = MessageTexts.class.getResourceAsStream(MessageTexts.BUNDLE)) {
            assertThat(in).as("bundle %s on the classpath", MessageTexts.BUNDLE).isNotNull();
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    static Set<String> placeholders(String text) {
        Set<String> found = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            found.add(m.group());
        }
        return found;
    }

    /** Message-key literals in the sources that emit violations. */
    private static Set<String> keysInSources() throws IOException {
        Set<String> keys = new TreeSet<>();
        for (String file : List.of("GovernanceRules.java", "GovernanceRecords.java")) {
            Path path = CORE_SOURCES.resolve(file);
            assertThat(path).as("run from the core module directory").exists();
            Matcher m = KEY_LITERAL.matcher(Files.readString(path));
            while (m.find()) {
                keys.add(m.group(1));
            }
        }
        return keys;
    }

    /** Violations collected by exercising the rules and the record builder with a spread of bad input. */
    private static List<Violation> exercisedViolations() {
        GovernanceRules rules = Fixtures.rules();
        List<Map<String, List<String>>> inputs = List.of(
                Map.of(),
                attrs().with(GovernanceAttribute.CLASS, "Human").map(),
                attrs().with(GovernanceAttribute.CLASS, "human").map(),
                attrs().with(GovernanceAttribute.CLASS, "ai-agent").map(),
                attrs().with(GovernanceAttribute.CLASS, "bot", "bot").map(),
                complete(IdentityClass.BOT).with(GovernanceAttribute.OWNER, "ghost").map(),
                complete(IdentityClass.AI_AGENT).with(GovernanceAttribute.SPONSOR, "dora").map(),
                complete(IdentityClass.BOT).with(GovernanceAttribute.PURPOSE, "p".repeat(2000)).map(),
                complete(IdentityClass.BOT).with(GovernanceAttribute.EXPIRES_AT, "2027-02-30").map(),
                complete(IdentityClass.BOT).with(GovernanceAttribute.EXPIRES_AT, "2099-01-01").map(),
                attrs().with(GovernanceAttribute.ENVIRONMENT, "Prod").with(GovernanceAttribute.RISK_TIER, "x")
                        .with(GovernanceAttribute.AUTONOMY, "y").with(GovernanceAttribute.REVIEW_CADENCE_DAYS, "0")
                        .with(GovernanceAttribute.LAST_REVIEWED_AT, "yesterday").map(),
                complete(IdentityClass.BOT).with(GovernanceAttribute.RATE_LIMIT_TOKENS_PER_MINUTE, "-1").map());
        List<Violation> all = new ArrayList<>();
        for (Map<String, List<String>> input : inputs) {
            all.addAll(rules.validate(input, true, DIRECTORY));
            all.addAll(rules.validate(input, false, DIRECTORY));
            all.addAll(GovernanceRecords.from(new PrincipalRef("u", "n", "c"), input).problems());
            all.addAll(GovernanceRecords.from(new PrincipalRef("u", "n", null), input).problems());
        }
        return all;
    }

    @Test
    void bundleIsOnTheClasspathAndHasTheGroupTexts() {
        Properties p = bundle();
        assertThat(p.getProperty("identity-governance-group")).isEqualTo("Identity governance");
        assertThat(p.getProperty("identity-governance-group-help")).isNotBlank();
    }

    @Test
    void everyKeyInTheSourcesExistsInTheBundle() throws IOException {
        Set<String> keys = keysInSources();
        assertThat(keys).as("sanity: the scan found the rule keys").contains("idgov-invalid-option", "idgov-single-value",
                "idgov-expiry-beyond-horizon");
        assertThat(bundle().stringPropertyNames()).containsAll(keys);
    }

    @Test
    void exercisingTheRulesReachesEveryKeyInTheSources() throws IOException {
        Set<String> emitted = new TreeSet<>();
        exercisedViolations().forEach(v -> emitted.add(v.messageKey()));
        assertThat(emitted).containsExactlyInAnyOrderElementsOf(keysInSources());
        assertThat(bundle().stringPropertyNames()).containsAll(emitted);
    }

    @Test
    void everyEmittedViolationHasExactlyTheParametersItsMessageUses() {
        Properties bundle = bundle();
        for (Violation v : exercisedViolations()) {
            String pattern = bundle.getProperty(v.messageKey());
            Set<String> expected = new TreeSet<>();
            for (int i = 0; i <= v.params().size(); i++) {
                expected.add("{" + i + "}");
            }
            assertThat(placeholders(pattern)).as("placeholders of %s for %s", v.messageKey(), v).isEqualTo(expected);
        }
    }

    @Test
    void describeRendersAttributeNameAndParametersWithNoLeftoverPlaceholders() {
        for (Violation v : exercisedViolations()) {
            String text = v.describe();
            assertThat(text).as("%s", v).startsWith(v.field().attributeName()).doesNotContain(v.messageKey());
            for (String param : v.params()) {
                assertThat(text).as("%s", v).contains(param);
            }
            assertThat(placeholders(text)).as("%s -> %s", v, text).isEmpty();
        }
    }

    @Test
    void idgovPatternsAreValidMessageFormatsWithoutQuoteTraps() {
        Properties bundle = bundle();
        Set<String> idgov = new LinkedHashSet<>();
        bundle.stringPropertyNames().stream().filter(k -> k.startsWith("idgov-")).forEach(idgov::add);
        assertThat(idgov).isNotEmpty();
        for (String key : idgov) {
            String pattern = bundle.getProperty(key);
            // a lone apostrophe would silently swallow the text after it in MessageFormat
            assertThat(pattern).as(key).doesNotContain("'");
            assertThat(pattern).as(key).startsWith("{0}");
            new MessageFormat(pattern); // throws on a malformed pattern
        }
    }

    @Test
    void renderFillsPlaceholdersAndFallsBackToKeyAndParams() {
        assertThat(MessageTexts.render("idgov-person-not-found", List.of("identity_owner", "ghost")))
                .isEqualTo("identity_owner: no user \"ghost\" in this realm.");
        assertThat(MessageTexts.render("no-such-key", List.of("a", "b"))).isEqualTo("no-such-key[a, b]");
    }

    @Test
    void renderDoesNotInterpretParameters() {
        assertThat(MessageTexts.render("idgov-invalid-date", List.of("identity_expires_at", "{1}'x'")))
                .isEqualTo("identity_expires_at: \"{1}'x'\" is not an ISO-8601 date (yyyy-MM-dd).");
    }
}
