package io.github.idgov.admin.index;

import io.github.idgov.core.IdentityClass;
import io.github.idgov.core.Inactivity;
import java.util.StringJoiner;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.models.KeycloakSessionFactory;

/**
 * The server's windows the time-dependent statuses depend on besides an identity's own facts: {@code review-due}
 * within {@code warningDays} of the due date, {@code stale} after the class's stale days ({@link Inactivity}).
 * {@link #key} is stored with each row's precomputed statuses, so rows computed under other settings (the server
 * restarted with new options) are recognised and computed live until rewritten.
 */
public record StatusBasis(int warningDays, Inactivity inactivity) {

    /** Used when the lifecycle listener is not deployed (its own defaults). */
    public static final int DEFAULT_WARNING_DAYS = 14;

    /** Implemented by the provider factory that owns the windows (the lifecycle listener). */
    public interface Source {
        StatusBasis statusBasis();
    }

    public static StatusBasis defaults() {
        return new StatusBasis(DEFAULT_WARNING_DAYS, Inactivity.defaults());
    }

    /** The deployed lifecycle listener's windows, or the defaults. */
    public static StatusBasis of(KeycloakSessionFactory factory) {
        return factory.getProviderFactoriesStream(EventListenerProvider.class).filter(Source.class::isInstance)
                .map(source -> ((Source) source).statusBasis()).findFirst().orElseGet(StatusBasis::defaults);
    }

    /** Names every window, e.g. {@code w14;human=180;service-account=90;bot=90;ai-agent=30}. */
    public String key() {
        StringJoiner key = new StringJoiner(";", "w" + warningDays + ";", "");
        for (IdentityClass identityClass : IdentityClass.values()) {
            key.add(identityClass.value() + "=" + inactivity.staleDays(identityClass));
        }
        return key.toString();
    }
}
