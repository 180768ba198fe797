package io.github.idgov.admin;

import io.github.idgov.core.Enforcement;
import io.github.idgov.core.ExpiryHorizons;
import io.github.idgov.core.GovernanceAttribute;
import io.github.idgov.core.GovernanceContract;
import io.github.idgov.core.GovernanceMode;
import io.github.idgov.core.GovernanceRules;
import io.github.idgov.core.IdentityClass;
import io.github.idgov.core.Violation;
import io.github.idgov.core.keycloak.DecisionLog;
import io.github.idgov.core.keycloak.PrincipalResolver;
import io.github.idgov.core.keycloak.RealmDirectory;
import io.github.idgov.core.keycloak.RealmGovernance;
import io.github.idgov.core.keycloak.ServerOptionDocs;
import io.github.idgov.core.keycloak.SpiOptions;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ServerInfoAwareProviderFactory;
import org.keycloak.userprofile.AttributeContext;
import org.keycloak.userprofile.UserProfileAttributeValidationContext;
import org.keycloak.validate.ValidationContext;
import org.keycloak.validate.ValidationError;
import org.keycloak.validate.Validator;
import org.keycloak.validate.ValidatorConfig;
import org.keycloak.validate.ValidatorFactory;

/**
 * User-profile validator attached to every governance attribute: applies {@link GovernanceRules} to the
 * proposed attributes and reports the violations of the attribute it is attached to. Malformed values are
 * refused whenever governance is on; policy gaps are refused in enforce and recorded as would-deny in monitor.
 */
public final class GovernanceAttributeValidator implements Validator, ValidatorFactory, ServerInfoAwareProviderFactory {

    static final String SPI = "validator";
    static final String OPTION_SERVICE_ACCOUNT_DAYS = "expiry-horizon-days-service-account";
    static final String OPTION_BOT_DAYS = "expiry-horizon-days-bot";
    static final String OPTION_AI_AGENT_DAYS = "expiry-horizon-days-ai-agent";

    private ExpiryHorizons horizons = ExpiryHorizons.defaults();
    private GovernanceRules rules = new GovernanceRules(horizons, Clock.systemUTC());

    @Override
    public ValidationContext validate(Object input, String inputHint, ValidationContext context, ValidatorConfig config) {
        Optional<GovernanceAttribute> field = GovernanceAttribute.byName(inputHint);
        if (field.isEmpty() || !(context instanceof UserProfileAttributeValidationContext profileContext)) {
            return context;
        }
        KeycloakSession session = context.getSession();
        RealmModel realm = session.getContext().getRealm();
        GovernanceMode mode = RealmGovernance.mode(realm);
        if (!mode.isOn()) {
            return context;
        }
        AttributeContext attributes = profileContext.getAttributeContext();
        UserModel user = attributes.getUser();
        boolean serviceAccount = user != null && PrincipalResolver.isServiceAccount(user);
        if (user != null) {
            Reclassification.before(session, realm, user); // the stored class and autonomy, before this update
            IdentityChanges.before(session, user);
        }
        List<Violation> violations = rules.validateField(field.get(), attributes.getAttributes().toMap(), serviceAccount,
                new RealmDirectory(session, realm));
        for (Violation violation : violations) {
            if (GovernanceProfileAttributes.hasOptionsValidator(field.get()) && "idgov-invalid-option".equals(violation.messageKey())) {
                continue; // the options validator on the same attribute reports it already
            }
            switch (Enforcement.of(mode, violation)) {
                case REJECT -> context.addError(new ValidationError(getId(), inputHint, violation.messageKey(),
                        violation.params().toArray()));
                case RECORD -> DecisionLog.wouldDeny(session, realm, principalName(attributes),
                        "governance-attributes", violation.describe());
                case IGNORE -> { }
            }
        }
        return context;
    }

    /** The username as stored, or as proposed when the user is being created. */
    private static String principalName(AttributeContext attributes) {
        return attributes.getUser() != null ? attributes.getUser().getUsername()
                : attributes.getAttributes().getFirst(UserModel.USERNAME);
    }

    /** The rules as configured on this server, shared with realm import. */
    GovernanceRules rules() {
        return rules;
    }

    @Override
    public Validator create(KeycloakSession session) {
        return this;
    }

    @Override
    public void init(Config.Scope config) {
        SpiOptions options = new SpiOptions(config, SPI, GovernanceContract.VALIDATOR_ID);
        horizons = ExpiryHorizons.of(
                options.intAtLeast(OPTION_SERVICE_ACCOUNT_DAYS, ExpiryHorizons.DEFAULT_SERVICE_ACCOUNT_DAYS, 1),
                options.intAtLeast(OPTION_BOT_DAYS, ExpiryHorizons.DEFAULT_BOT_DAYS, 1),
                options.intAtLeast(OPTION_AI_AGENT_DAYS, ExpiryHorizons.DEFAULT_AI_AGENT_DAYS, 1));
        rules = new GovernanceRules(horizons, Clock.systemUTC());
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        // nothing to wire
    }

    @Override
    public void close() {
        // stateless
    }

    @Override
    public String getId() {
        return GovernanceContract.VALIDATOR_ID;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ServerOptionDocs.create()
                .number(OPTION_SERVICE_ACCOUNT_DAYS, ExpiryHorizons.DEFAULT_SERVICE_ACCOUNT_DAYS,
                        "furthest expiry (days from today) accepted for a service account (≥ 1)")
                .number(OPTION_BOT_DAYS, ExpiryHorizons.DEFAULT_BOT_DAYS, "furthest expiry (days from today) accepted for a bot (≥ 1)")
                .number(OPTION_AI_AGENT_DAYS, ExpiryHorizons.DEFAULT_AI_AGENT_DAYS, "furthest expiry (days from today) accepted for an AI agent (≥ 1)")
                .build();
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        Map<String, String> info = new LinkedHashMap<>();
        info.put(OPTION_SERVICE_ACCOUNT_DAYS, String.valueOf(horizons.daysFor(IdentityClass.SERVICE_ACCOUNT).orElseThrow()));
        info.put(OPTION_BOT_DAYS, String.valueOf(horizons.daysFor(IdentityClass.BOT).orElseThrow()));
        info.put(OPTION_AI_AGENT_DAYS, String.valueOf(horizons.daysFor(IdentityClass.AI_AGENT).orElseThrow()));
        return info;
    }
}
