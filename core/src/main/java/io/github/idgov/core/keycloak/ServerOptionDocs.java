package io.github.idgov.core.keycloak;

import java.util.ArrayList;
import java.util.List;
import org.keycloak.provider.ProviderConfigProperty;

/**
 * The server-wide options of one provider, declared where the provider reads them and returned from
 * {@code ProviderFactory.getConfigMetadata()}: Keycloak's own option documentation reads them from there, and the
 * README's configuration reference is generated from the same list (the pack's {@code ConfigurationReferenceIT}).
 */
public final class ServerOptionDocs {

    private final List<ProviderConfigProperty> options = new ArrayList<>();

    public static ServerOptionDocs create() {
        return new ServerOptionDocs();
    }

    /** A whole-number option; {@code meaning} says what it does and which values it accepts. */
    public ServerOptionDocs number(String name, Object defaultValue, String meaning) {
        return add(name, ProviderConfigProperty.INTEGER_TYPE, defaultValue, meaning);
    }

    public ServerOptionDocs text(String name, Object defaultValue, String meaning) {
        return add(name, ProviderConfigProperty.STRING_TYPE, defaultValue, meaning);
    }

    public ServerOptionDocs flag(String name, boolean defaultValue, String meaning) {
        return add(name, ProviderConfigProperty.BOOLEAN_TYPE, defaultValue, meaning);
    }

    /** An option without a default (required in some configurations, which {@code meaning} names). */
    public ServerOptionDocs noDefault(String name, String meaning) {
        return add(name, ProviderConfigProperty.STRING_TYPE, null, meaning);
    }

    public List<ProviderConfigProperty> build() {
        return List.copyOf(options);
    }

    private ServerOptionDocs add(String name, String type, Object defaultValue, String meaning) {
        ProviderConfigProperty property = new ProviderConfigProperty();
        property.setName(name);
        property.setLabel(name);
        property.setType(type);
        property.setDefaultValue(defaultValue);
        property.setHelpText(meaning);
        options.add(property);
        return this;
    }
}
