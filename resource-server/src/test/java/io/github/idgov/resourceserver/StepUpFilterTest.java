package io.github.idgov.resourceserver;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The filter over minimal request/response doubles (dynamic proxies: only the methods the filter uses answer). */
class StepUpFilterTest {

    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    private static final Map<String, Map<String, Object>> TOKENS = Map.of(
            "fresh-2", Map.of("acr", "2", "auth_time", NOW.getEpochSecond() - 10),
            "old-2", Map.of("acr", "2", "auth_time", NOW.getEpochSecond() - 600),
            "level-1", Map.of("acr", "1", "auth_time", NOW.getEpochSecond()));
    private final StepUpFilter filter = new StepUpFilter(StepUpPolicy.level(2, 300),
            token -> Optional.ofNullable(TOKENS.get(token)), Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void aFreshLevelTwoTokenPassesWithItsClaims() throws Exception {
        Exchange exchange = run("Bearer fresh-2");
        assertThat(exchange.passed).isTrue();
        assertThat(exchange.status).isNull();
        assertThat(exchange.attributes).containsKey(StepUpFilter.CLAIMS_ATTRIBUTE);
    }

    @Test
    void aLowLevelTokenGetsTheRfc9470Challenge() throws Exception {
        Exchange exchange = run("Bearer level-1");
        assertThat(exchange.passed).isFalse();
        assertThat(exchange.status).isEqualTo(401);
        assertThat(exchange.headers.get("WWW-Authenticate")).startsWith("Bearer error=\"insufficient_user_authentication\"")
                .contains("acr_values=\"2\"").contains("max_age=\"300\"");
    }

    @Test
    void anOldAuthenticationGetsTheChallengeToo() throws Exception {
        Exchange exchange = run("bearer old-2");
        assertThat(exchange.status).isEqualTo(401);
        assertThat(exchange.headers.get("WWW-Authenticate")).contains("more recent authentication is required");
    }

    @Test
    void noTokenOrAnInvalidOneIsRefusedWithoutReachingTheCheck() throws Exception {
        Exchange none = run(null);
        assertThat(none.status).isEqualTo(401);
        assertThat(none.headers.get("WWW-Authenticate")).isEqualTo("Bearer");
        Exchange basic = run("Basic dXNlcjpwdw==");
        assertThat(basic.headers.get("WWW-Authenticate")).isEqualTo("Bearer");
        Exchange forged = run("Bearer forged");
        assertThat(forged.status).isEqualTo(401);
        assertThat(forged.headers.get("WWW-Authenticate")).startsWith("Bearer error=\"invalid_token\"");
        assertThat(forged.passed).isFalse();
    }

    private Exchange run(String authorization) throws Exception {
        Exchange exchange = new Exchange();
        HttpServletRequest request = (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getHeader" -> "Authorization".equalsIgnoreCase((String) args[0]) ? authorization : null;
                    case "setAttribute" -> exchange.attributes.put((String) args[0], args[1]);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        HttpServletResponse response = (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "setHeader" -> exchange.headers.put((String) args[0], (String) args[1]);
                    case "setStatus" -> exchange.status = (Integer) args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        FilterChain chain = (req, res) -> exchange.passed = true;
        filter.doFilter(request, response, chain);
        return exchange;
    }

    private static final class Exchange {
        final Map<String, Object> attributes = new HashMap<>();
        final Map<String, String> headers = new HashMap<>();
        Integer status;
        boolean passed;
    }
}
