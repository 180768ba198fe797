package io.github.idgov.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idgov.core.Violation.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnforcementTest {

    private static Violation of(Kind kind) {
        return new Violation(GovernanceAttribute.OWNER, kind, "idgov-owner-required", List.of());
    }

    @Test
    void decisionTable() {
        assertThat(Enforcement.of(GovernanceMode.OFF, of(Kind.MALFORMED))).isEqualTo(Enforcement.IGNORE);
        assertThat(Enforcement.of(GovernanceMode.OFF, of(Kind.POLICY))).isEqualTo(Enforcement.IGNORE);
        assertThat(Enforcement.of(GovernanceMode.MONITOR, of(Kind.MALFORMED))).isEqualTo(Enforcement.REJECT);
        assertThat(Enforcement.of(GovernanceMode.MONITOR, of(Kind.POLICY))).isEqualTo(Enforcement.RECORD);
        assertThat(Enforcement.of(GovernanceMode.ENFORCE, of(Kind.MALFORMED))).isEqualTo(Enforcement.REJECT);
        assertThat(Enforcement.of(GovernanceMode.ENFORCE, of(Kind.POLICY))).isEqualTo(Enforcement.REJECT);
    }

    @Test
    void modeValuesAndIsOn() {
        assertThat(AttributeValue.allowed(GovernanceMode.class)).isEqualTo("off, monitor, enforce");
        assertThat(GovernanceMode.OFF.isOn()).isFalse();
        assertThat(GovernanceMode.MONITOR.isOn()).isTrue();
        assertThat(GovernanceMode.ENFORCE.isOn()).isTrue();
        assertThat(AttributeValue.parse(GovernanceMode.class, "Monitor")).isEmpty();
        assertThat(AttributeValue.parse(GovernanceMode.class, "monitor")).contains(GovernanceMode.MONITOR);
    }
}
