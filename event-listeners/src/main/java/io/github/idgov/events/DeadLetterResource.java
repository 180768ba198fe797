package io.github.idgov.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.idgov.core.keycloak.AdminInput;
import io.github.idgov.core.keycloak.InvalidParameter;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;
import org.keycloak.util.JsonSerialization;

/**
 * {@code /admin/realms/{realm}/idgov-audit}: the realm's dead-lettered audit records (a sink refused them for good,
 * or they used up {@code max-attempts}), listed with their last error and replayed once the sink is fixed. Listing
 * needs view-events, replaying manage-events; a replay is an admin event.
 */
public final class DeadLetterResource {

    static final int DEFAULT_PAGE = 50;
    static final int MAX_PAGE = 500;
    static final int MAX_IDS = 500;

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;
    private final Set<String> sinks;
    private final Runnable wakeDrainer;

    DeadLetterResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent,
                       Set<String> sinks, Runnable wakeDrainer) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent;
        this.sinks = sinks;
        this.wakeDrainer = wakeDrainer;
    }

    @GET
    @Path("dead-letters")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> list(@QueryParam("sink") String sink, @QueryParam("first") String first, @QueryParam("max") String max) {
        auth.realm().requireViewEvents();
        String sinkName = AdminInput.checked(() -> sink(sink));
        int from = AdminInput.checked(() -> AdminInput.integer("first", first, 0, 0, Integer.MAX_VALUE));
        int size = AdminInput.checked(() -> AdminInput.integer("max", max, DEFAULT_PAGE, 1, MAX_PAGE));
        var query = em().createQuery("select o from AuditOutboxEntity o where o.realmId = :realm and o.dead = true"
                        + (sinkName == null ? "" : " and o.sink = :sink") + " order by o.createdAt, o.id", AuditOutboxEntity.class)
                .setParameter("realm", realm.getId());
        if (sinkName != null) {
            query.setParameter("sink", sinkName);
        }
        List<AuditOutboxEntity> rows = query.setFirstResult(from).setMaxResults(size + 1).getResultList();
        List<Map<String, Object>> items = new ArrayList<>();
        for (AuditOutboxEntity row : rows.subList(0, Math.min(rows.size(), size))) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("id", row.getId());
            item.put("recordId", row.getRecordId());
            item.put("sink", row.getSink());
            item.put("createdAt", Instant.ofEpochMilli(row.getCreatedAt()).toString());
            item.put("attempts", row.getAttempts());
            item.put("lastError", row.getLastError());
            item.put("record", parse(row.getPayload()));
            items.add(item);
        }
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("first", from);
        page.put("max", size);
        page.put("hasMore", rows.size() > size);
        page.put("items", items);
        return page;
    }

    /** Body {@code {"ids": [...]}} (those dead letters), or {@code {"sink": "http"}} / {@code {}} (all of the realm's). */
    @POST
    @Path("dead-letters/replay")
    @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> replay(String body) {
        auth.realm().requireManageEvents();
        JsonNode json = AdminInput.checked(() -> AdminInput.jsonObject(body));
        List<String> ids = AdminInput.checked(() -> ids(json));
        String sinkName = AdminInput.checked(() -> sink(AdminInput.text(json, "sink")));
        String query = "select o from AuditOutboxEntity o where o.realmId = :realm and o.dead = true"
                + (ids == null ? "" : " and o.id in :ids") + (sinkName == null ? "" : " and o.sink = :sink");
        var typed = em().createQuery(query, AuditOutboxEntity.class).setParameter("realm", realm.getId());
        if (ids != null) {
            typed.setParameter("ids", ids);
        }
        if (sinkName != null) {
            typed.setParameter("sink", sinkName);
        }
        List<AuditOutboxEntity> rows = typed.getResultList();
        if (ids != null && rows.size() != ids.size()) {
            throw AdminInput.badRequest(new InvalidParameter("ids", "ids must name dead letters of realm " + realm.getName() + "; "
                    + (ids.size() - rows.size()) + " of them are not (unknown, of another realm, or not dead)"));
        }
        long now = System.currentTimeMillis();
        rows.forEach(row -> row.revive(now));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("replayed", rows.size());
        if (sinkName != null) {
            result.put("sink", sinkName);
        }
        adminEvent.operation(OperationType.ACTION).resource(ResourceType.REALM)
                .resourcePath(DeadLetterResourceProviderFactory.ID, "dead-letters", "replay").representation(result).success();
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                wakeDrainer.run();
            }

            @Override
            protected void rollbackImpl() {
                // nothing was revived
            }
        });
        return result;
    }

    private EntityManager em() {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    private String sink(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        if (!sinks.contains(raw)) {
            throw new InvalidParameter("sink", "sink must be one of this server's sinks " + sinks + ", got '" + raw + "'");
        }
        return raw;
    }

    private static List<String> ids(JsonNode json) {
        JsonNode ids = json == null ? null : json.get("ids");
        if (ids == null || ids.isNull()) {
            return null;
        }
        if (!ids.isArray() || ids.isEmpty() || ids.size() > MAX_IDS) {
            throw new InvalidParameter("ids", "ids must be a non-empty array of at most " + MAX_IDS + " dead-letter ids");
        }
        List<String> values = new ArrayList<>();
        for (JsonNode id : ids) {
            if (!id.isTextual() || id.asText().isBlank()) {
                throw new InvalidParameter("ids", "ids must hold dead-letter ids (strings), got " + id);
            }
            if (!values.contains(id.asText())) {
                values.add(id.asText());
            }
        }
        return values;
    }

    private static Object parse(String payload) {
        try {
            return JsonSerialization.mapper.readTree(payload);
        } catch (JsonProcessingException e) {
            return payload; // shown as stored
        }
    }
}
