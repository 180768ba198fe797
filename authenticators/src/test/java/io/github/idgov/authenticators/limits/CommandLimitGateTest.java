package io.github.idgov.authenticators.limits;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.services.clientpolicy.ClientPolicyException;

class CommandLimitGateTest {

    @Test
    void devicePollingIsToldToSlowDown() {
        ClientPolicyException refusal = CommandLimitGate.refusal("device_code", "tokens limit 3 per minute exceeded");
        assertThat(refusal.getError()).isEqualTo("slow_down");
        assertThat(refusal.getErrorStatus()).isEqualTo(Response.Status.BAD_REQUEST);
        assertThat(refusal.getErrorDetail()).isEqualTo("tokens limit 3 per minute exceeded");
    }

    @ParameterizedTest
    @ValueSource(strings = {"client_credentials", "refresh_token", "token_exchange", "password", "authorization_code", "ciba"})
    void everyOtherGrantIsTooManyRequests(String grant) {
        ClientPolicyException refusal = CommandLimitGate.refusal(grant, "d");
        assertThat(refusal.getError()).isEqualTo("temporarily_unavailable");
        assertThat(refusal.getErrorStatus()).isEqualTo(Response.Status.TOO_MANY_REQUESTS);
    }
}
