package io.github.idgov.admin;

import io.github.idgov.core.AttributeValue;
import io.github.idgov.core.Autonomy;
import io.github.idgov.core.Environment;
import io.github.idgov.core.GovernanceAttribute;
import io.github.idgov.core.GovernanceContract;
import io.github.idgov.core.IdentityClass;
import io.github.idgov.core.RiskTier;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.keycloak.representations.userprofile.config.UPAttribute;
import org.keycloak.representations.userprofile.config.UPAttributePermissions;
import org.keycloak.representations.userprofile.config.UPGroup;

/** The user-profile declarations of the governance attributes: admin-only, grouped, validated. */
final class GovernanceProfileAttributes {

    private static final String ADMIN = "admin";
    private static final String OPTIONS_VALIDATOR = "options";

    private GovernanceProfileAttributes() {
    }

    static UPGroup group() {
        UPGroup group = new UPGroup(GovernanceAttribute.GROUP);
        group.setDisplayHeader("${identity-governance-group}");
        group.setDisplayDescription("${identity-governance-group-help}");
        return group;
    }

    static UPAttribute declaration(GovernanceAttribute attribute) {
        UPAttribute declared = new UPAttribute(attribute.attributeName(), new UPAttributePermissions(
                Set.of(ADMIN), attribute.isReadOnly() ? Set.of() : Set.of(ADMIN)));
        declared.setDisplayName(attribute.displayName());
        declared.setGroup(GovernanceAttribute.GROUP);
        declared.setMultivalued(false);
        Map<String, Object> annotations = new LinkedHashMap<>();
        annotations.put(GovernanceContract.MANAGED_ANNOTATION, "true");
        List<String> options = options(attribute);
        if (!options.isEmpty()) {
            // the console renders a select from the options validator
            declared.addValidation(OPTIONS_VALIDATOR, Map.of(OPTIONS_VALIDATOR, options));
            annotations.put("inputType", "select");
        }
        switch (attribute) {
            case EXPIRES_AT -> annotations.put("inputType", "html5-date");
            case REVIEW_CADENCE_DAYS, RATE_LIMIT_TOKENS_PER_MINUTE, RATE_LIMIT_EXCHANGES_PER_HOUR ->
                    annotations.put("inputType", "html5-number");
            case PURPOSE -> annotations.put("inputType", "textarea");
            default -> { }
        }
        declared.setAnnotations(annotations);
        declared.addValidation(GovernanceContract.VALIDATOR_ID, Map.of());
        return declared;
    }

    static boolean isManaged(UPAttribute attribute) {
        return attribute.getAnnotations() != null
                && "true".equals(String.valueOf(attribute.getAnnotations().get(GovernanceContract.MANAGED_ANNOTATION)));
    }

    /** True when the built-in options validator already checks this attribute's values. */
    static boolean hasOptionsValidator(GovernanceAttribute attribute) {
        return !options(attribute).isEmpty();
    }

    private static List<String> options(GovernanceAttribute attribute) {
        return switch (attribute) {
            case CLASS -> values(IdentityClass.class);
            case ENVIRONMENT -> values(Environment.class);
            case RISK_TIER -> values(RiskTier.class);
            case AUTONOMY -> values(Autonomy.class);
            default -> List.of();
        };
    }

    private static <E extends Enum<E> & AttributeValue> List<String> values(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(AttributeValue::value).toList();
    }
}
