package io.github.idgov.admin.workflow;

import io.github.idgov.core.AttributeValue;
import io.github.idgov.core.GovernanceContract;
import io.github.idgov.core.IdentityClass;
import java.util.EnumSet;
import java.util.Set;
import org.keycloak.models.workflow.WorkflowInvalidStateException;

/**
 * The argument of {@code idgov-has-identity-class(...)}: one stored class or a comma-separated list of them
 * ({@code human}, {@code service-account, bot}). Blank, empty items and unknown classes are refused, naming the
 * allowed values, so a workflow with a typo is rejected when it is created (HTTP 400), not silently never matching.
 */
final class IdentityClassArgument {

    private IdentityClassArgument() {
    }

    static Set<IdentityClass> parse(String argument) {
        if (argument == null || argument.isBlank()) {
            throw invalid("needs at least one identity class");
        }
        Set<IdentityClass> classes = EnumSet.noneOf(IdentityClass.class);
        for (String item : argument.split(",", -1)) {
            String value = item.strip();
            if (value.isEmpty()) {
                throw invalid("has an empty item in '" + argument + "'");
            }
            classes.add(AttributeValue.parse(IdentityClass.class, value)
                    .orElseThrow(() -> invalid("has an unknown identity class '" + value + "'")));
        }
        return classes;
    }

    private static WorkflowInvalidStateException invalid(String problem) {
        return new WorkflowInvalidStateException("Condition " + GovernanceContract.WORKFLOW_CONDITION_ID + " " + problem
                + "; allowed: " + AttributeValue.allowed(IdentityClass.class));
    }
}
