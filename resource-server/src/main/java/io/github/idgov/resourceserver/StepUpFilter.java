package io.github.idgov.resourceserver;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * A servlet filter in front of a sensitive resource: lets a request through when its bearer token reaches the
 * policy's level within its max age; otherwise answers 401 with the RFC 9470 challenge, so the client sends the user
 * back to the authorization server with {@code acr_values} and {@code max_age}. No token: 401 {@code Bearer}; an
 * invalid one: 401 {@code invalid_token}. The verified claims are left in the request attribute {@value #CLAIMS_ATTRIBUTE}.
 */
public final class StepUpFilter implements Filter {

    public static final String CLAIMS_ATTRIBUTE = "io.github.idgov.resourceserver.claims";
    private static final String BEARER = "Bearer ";

    private final StepUpCheck check;
    private final TokenVerifier verifier;
    private final Clock clock;

    public StepUpFilter(StepUpPolicy policy, TokenVerifier verifier) {
        this(policy, verifier, Clock.systemUTC());
    }

    StepUpFilter(StepUpPolicy policy, TokenVerifier verifier, Clock clock) {
        this.check = new StepUpCheck(policy);
        this.verifier = verifier;
        this.clock = clock;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        HttpServletResponse answer = (HttpServletResponse) response;
        String authorization = http.getHeader("Authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            refuse(answer, Challenge.missingToken());
            return;
        }
        Optional<Map<String, Object>> claims = verifier.verify(authorization.substring(BEARER.length()).trim());
        if (claims.isEmpty()) {
            refuse(answer, Challenge.invalidToken("the access token is not valid"));
            return;
        }
        StepUpCheck.Outcome outcome = check.check(claims.get(), clock.instant());
        if (!outcome.satisfied()) {
            refuse(answer, Challenge.insufficientUserAuthentication(check.policy(), outcome.description()));
            return;
        }
        http.setAttribute(CLAIMS_ATTRIBUTE, claims.get());
        chain.doFilter(request, response);
    }

    private static void refuse(HttpServletResponse response, String challenge) {
        response.setHeader(Challenge.HEADER, challenge);
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
    }
}
