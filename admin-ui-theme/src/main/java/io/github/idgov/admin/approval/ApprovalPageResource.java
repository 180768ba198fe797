package io.github.idgov.admin.approval;

import io.github.idgov.core.delegation.ApprovalContract;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.util.Map;
import org.keycloak.headers.SecurityHeadersProvider;
import org.keycloak.models.KeycloakSession;

/**
 * The approval page at {@code /realms/{realm}/idgov-approval/}: static files (no data) from the JAR, served with a
 * policy that allows nothing from elsewhere, and its API under {@code api/} ({@link ApprovalApi}).
 */
public final class ApprovalPageResource {

    private static final Map<String, String> FILES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "approval.js", "text/javascript; charset=utf-8",
            "approval.css", "text/css; charset=utf-8");
    private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; "
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private final KeycloakSession session;

    ApprovalPageResource(KeycloakSession session) {
        this.session = session;
    }

    /** The page; without the trailing slash a redirect to it, so the page's relative URLs resolve inside the folder. */
    @GET
    public Response page(@Context UriInfo uri) {
        if (!uri.getRequestUri().getRawPath().endsWith("/")) {
            return Response.status(Response.Status.MOVED_PERMANENTLY).header("Location", ApprovalContract.PAGE_PROVIDER_ID + "/").build();
        }
        return file("index.html");
    }

    @Path("api")
    public ApprovalApi api() {
        return new ApprovalApi(session);
    }

    @GET
    @Path("{file}")
    public Response file(@PathParam("file") String file) {
        String type = FILES.get(file);
        InputStream content = type == null ? null : ApprovalPageResource.class.getResourceAsStream("/idgov-approval/" + file);
        if (content == null) {
            throw new NotFoundException();
        }
        // Keycloak's own headers would replace this stricter policy with the realm's default one
        session.getProvider(SecurityHeadersProvider.class).options().skipHeaders();
        return Response.ok(content, type).header("Content-Security-Policy", CSP).header("X-Frame-Options", "DENY")
                .header("X-Content-Type-Options", "nosniff").header("Referrer-Policy", "no-referrer").header("Cache-Control", "no-cache").build();
    }
}
