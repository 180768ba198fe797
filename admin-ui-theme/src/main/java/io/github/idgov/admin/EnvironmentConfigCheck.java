package io.github.idgov.admin;

import io.github.idgov.core.segmentation.EnvironmentTags;
import io.github.idgov.core.segmentation.SegmentationContract;
import java.util.List;
import java.util.Map;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.RealmModel;

/**
 * Checks the segmentation attributes ({@value SegmentationContract#ENVIRONMENT_ATTRIBUTE},
 * {@value SegmentationContract#ALLOW_FROM_ATTRIBUTE}) of the client or client scope an administrator just created
 * or updated; a problem refuses the save with a 400 naming the attribute.
 */
final class EnvironmentConfigCheck {

    private EnvironmentConfigCheck() {
    }

    static List<String> problems(RealmModel realm, AdminEvent event) {
        if (event.getOperationType() != OperationType.CREATE && event.getOperationType() != OperationType.UPDATE) {
            return List.of();
        }
        String[] path = event.getResourcePath() == null ? new String[0] : event.getResourcePath().split("/");
        if (path.length != 2) {
            return List.of(); // sub-resources (mappers, scope mappings, …) do not carry the attributes
        }
        return switch (event.getResourceType()) {
            case CLIENT_SCOPE -> {
                ClientScopeModel scope = "client-scopes".equals(path[0]) ? realm.getClientScopeById(path[1]) : null;
                yield scope == null ? List.of() : prefixed("client scope '" + scope.getName() + "'", scope.getAttributes());
            }
            case CLIENT -> {
                ClientModel client = "clients".equals(path[0]) ? realm.getClientById(path[1]) : null;
                yield client == null ? List.of() : prefixed("client '" + client.getClientId() + "'", client.getAttributes());
            }
            default -> List.of();
        };
    }

    private static List<String> prefixed(String where, Map<String, String> attributes) {
        return EnvironmentTags.problems(attributes.get(SegmentationContract.ENVIRONMENT_ATTRIBUTE),
                attributes.get(SegmentationContract.ALLOW_FROM_ATTRIBUTE)).stream().map(p -> where + ": " + p).toList();
    }
}
