package io.github.idgov.admin.approval;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One human approval of an agent's CIBA request: what it is bound to, its state, and who decided, how and when. */
@Entity
@Table(name = "IDGOV_AGENT_APPROVAL")
public class ApprovalEntity {

    @Id
    @Column(name = "ID", length = 36)
    String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    String realmId;

    @Column(name = "AUTH_RESULT_ID", length = 64, nullable = false)
    String authResultId;

    @Column(name = "AGENT_CLIENT_ID", length = 255, nullable = false)
    String agentClientId;

    @Column(name = "AGENT_SUB", length = 36, nullable = false)
    String agentSub;

    @Column(name = "USER_ID", length = 36, nullable = false)
    String userId;

    @Column(name = "USERNAME", length = 255, nullable = false)
    String username;

    @Column(name = "SPONSOR", length = 255)
    String sponsor;

    @Column(name = "SCOPE", length = 2000, nullable = false)
    String scope;

    @Column(name = "BINDING_MESSAGE", length = 64)
    String bindingMessage;

    @Column(name = "STATUS", length = 16, nullable = false)
    String status;

    @Column(name = "CREATED_AT", nullable = false)
    long createdAt;

    @Column(name = "EXPIRES_AT", nullable = false)
    long expiresAt;

    @Column(name = "DECIDED_BY", length = 255)
    String decidedBy;

    @Column(name = "DECIDED_BY_ID", length = 36)
    String decidedById;

    @Column(name = "DECIDED_ACR", length = 64)
    String decidedAcr;

    @Column(name = "DECIDED_AT")
    Long decidedAt;

    protected ApprovalEntity() {
        // for JPA
    }
}
