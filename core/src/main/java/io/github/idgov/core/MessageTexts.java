package io.github.idgov.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/** English texts of the pack's message keys, read from the same bundle the themes serve. */
final class MessageTexts {

    static final String BUNDLE = "/theme-resources/messages/messages_en.properties";

    private static final Properties TEXTS = load();

    private MessageTexts() {
    }

    static String render(String key, List<String> params) {
        String pattern = TEXTS.getProperty(key);
        if (pattern == null) {
            return key + params;
        }
        return new MessageFormat(pattern, Locale.ENGLISH).format(params.toArray());
    }

    private static Properties load() {
        Properties properties = new Properties();
        try (InputStream in = MessageTexts.class.getResourceAsStream(BUNDLE)) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + BUNDLE, e);
        }
        return properties;
    }
}
