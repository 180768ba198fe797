package io.github.idgov.admin.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.idgov.core.IdentityClass;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.models.workflow.WorkflowInvalidStateException;

class IdentityClassArgumentTest {

    @Test
    void oneClass() {
        assertThat(IdentityClassArgument.parse("human")).containsExactly(IdentityClass.HUMAN);
    }

    @Test
    void aListWithSpacesAndRepeats() {
        assertThat(IdentityClassArgument.parse(" service-account, bot ,ai-agent,bot"))
                .containsExactlyInAnyOrder(IdentityClass.SERVICE_ACCOUNT, IdentityClass.BOT, IdentityClass.AI_AGENT);
    }

    @Test
    void unknownClassIsNamedWithTheAllowedOnes() {
        assertThatThrownBy(() -> IdentityClassArgument.parse("human,robot"))
                .isInstanceOf(WorkflowInvalidStateException.class)
                .hasMessage("Condition idgov-has-identity-class has an unknown identity class 'robot'; "
                        + "allowed: human, service-account, bot, ai-agent");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Human", "hybrid", "service_account"})
    void valuesAreExactStoredClasses(String value) {
        assertThatThrownBy(() -> IdentityClassArgument.parse(value))
                .isInstanceOf(WorkflowInvalidStateException.class)
                .hasMessageContaining("unknown identity class '" + value + "'");
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "  "})
    void missingArgumentIsRefused(String value) {
        assertThatThrownBy(() -> IdentityClassArgument.parse(value))
                .isInstanceOf(WorkflowInvalidStateException.class)
                .hasMessageContaining("needs at least one identity class");
    }

    @ParameterizedTest
    @ValueSource(strings = {"human,", ",bot", "human,,bot"})
    void emptyItemIsRefused(String value) {
        assertThatThrownBy(() -> IdentityClassArgument.parse(value))
                .isInstanceOf(WorkflowInvalidStateException.class)
                .hasMessageContaining("has an empty item in '" + value + "'");
    }
}
