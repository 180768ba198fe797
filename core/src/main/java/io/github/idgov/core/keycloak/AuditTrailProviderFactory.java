package io.github.idgov.core.keycloak;

import org.keycloak.provider.ProviderFactory;

/** Factory of the pack's audit trail (implemented by the audit pipeline). */
public interface AuditTrailProviderFactory extends ProviderFactory<AuditTrailProvider> {
}
