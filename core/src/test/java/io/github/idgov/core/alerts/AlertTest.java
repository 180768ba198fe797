package io.github.idgov.core.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertTest {

    @Test
    void evidenceKeepsAbsentFactsAndCannotBeChangedAfterwards() {
        Map<String, Object> evidence = new HashMap<>();
        evidence.put("ip", null);
        evidence.put("client", "svc");
        Alert alert = new Alert(AlertKind.NEW_NETWORK, "service-account-svc", "new network", evidence);
        evidence.put("client", "other");
        assertThat(alert.evidence()).containsEntry("ip", null).containsEntry("client", "svc");
        assertThatThrownBy(() -> alert.evidence().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    }
}
