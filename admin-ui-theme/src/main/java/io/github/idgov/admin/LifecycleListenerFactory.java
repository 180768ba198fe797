package io.github.idgov.admin;

import io.github.idgov.core.keycloak.SpiOptions;
import java.time.Clock;
import java.util.Map;
import org.keycloak.Config;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.UserModel;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

/**
 * Global listener {@value #ID}: orphan cascade when a person is disabled (admin event) or deleted (model event
 * {@link UserModel.UserPreRemovedEvent}, whatever removes the user), and reclassification on user updates.
 * Option {@code orphan-cascade} ({@code suspend} | {@code flag}, default {@code flag}); a realm attribute
 * {@value OrphanCascade#REALM_ATTRIBUTE} overrides it per realm.
 */
public final class LifecycleListenerFactory implements EventListenerProviderFactory, ServerInfoAwareProviderFactory {

    static final String ID = "idgov-lifecycle";
    static final String SPI = "events-listener";
    static final String OPTION_CASCADE = "orphan-cascade";

    private OrphanCascade.Mode cascade = OrphanCascade.Mode.FLAG;

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new LifecycleListener(session, cascade, Clock.systemUTC());
    }

    @Override
    public boolean isGlobal() {
        return true;
    }

    @Override
    public void init(Config.Scope config) {
        SpiOptions options = new SpiOptions(config, SPI, ID);
        String value = options.oneOf(OPTION_CASCADE, OrphanCascade.Mode.FLAG.value(),
                OrphanCascade.Mode.SUSPEND.value(), OrphanCascade.Mode.FLAG.value());
        cascade = OrphanCascade.Mode.parse(value).orElseThrow();
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof UserModel.UserPreRemovedEvent removed) {
                OrphanCascade.apply(removed.getKeycloakSession(), removed.getRealm(), removed.getUser(), "deleted", cascade);
            }
        });
    }

    @Override
    public void close() {
        // nothing held
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return Map.of(OPTION_CASCADE, cascade.value(), "realm-override", OrphanCascade.REALM_ATTRIBUTE);
    }
}
