package io.github.idgov.admin.review;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.Map;
import org.keycloak.headers.SecurityHeadersProvider;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Serves the review page's static files from the JAR at {@code /realms/{realm}/identity-governance/review/}. They
 * hold no data: the page logs in with the realm's {@value ReviewApi#REVIEW_CLIENT_ID} client and calls the admin API.
 * Only the listed files are served, with a policy that allows nothing from elsewhere.
 */
public final class ReviewPageResource {

    private final KeycloakSession session;
    private final RealmModel realm;

    ReviewPageResource(KeycloakSession session) {
        this.session = session;
        this.realm = session.getContext().getRealm();
    }

    private static final Map<String, String> FILES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "review.js", "text/javascript; charset=utf-8",
            "review.css", "text/css; charset=utf-8");
    private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; "
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /** The page; without the trailing slash a redirect to it, so the page's relative URLs resolve inside the folder. */
    @GET
    @Path("review")
    public Response page(@Context UriInfo uri) {
        if (!uri.getRequestUri().getRawPath().endsWith("/")) {
            return Response.status(Response.Status.MOVED_PERMANENTLY).header("Location", "review/").build();
        }
        return file("index.html");
    }

    /** 204 when this realm has the review page's client (the page checks before it sends the browser to log in). */
    @GET
    @Path("review/client")
    public Response client() {
        ClientModel client = realm.getClientByClientId(ReviewApi.REVIEW_CLIENT_ID);
        if (client == null || !client.isEnabled()) {
            throw new NotFoundException();
        }
        return Response.noContent().build();
    }

    @GET
    @Path("review/{file}")
    public Response file(@PathParam("file") String file) {
        String type = FILES.get(file);
        InputStream content = type == null ? null : ReviewPageResource.class.getResourceAsStream("/idgov-review/" + file);
        if (content == null) {
            throw new NotFoundException();
        }
        // Keycloak's own headers would replace this stricter policy with the realm's default one
        session.getProvider(SecurityHeadersProvider.class).options().skipHeaders();
        return Response.ok(content, type).header("Content-Security-Policy", CSP).header("X-Frame-Options", "DENY").header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer").header("Cache-Control", "no-cache").build();
    }
}
