package io.github.idgov.core.keycloak;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/** The pack's own SPI connecting policy decisions to the audit pipeline. */
public final class AuditTrailSpi implements Spi {

    public static final String NAME = "idgov-audit-trail";

    @Override
    public boolean isInternal() {
        return false;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public Class<? extends Provider> getProviderClass() {
        return AuditTrailProvider.class;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return AuditTrailProviderFactory.class;
    }
}
