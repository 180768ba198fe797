package io.github.idgov.admin;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** When a cluster-wide scheduled task last started, and on which node: the lease that makes it run once per interval. */
@Entity
@Table(name = "IDGOV_TASK_LEASE")
public class TaskLeaseEntity {

    @Id
    @Column(name = "NAME", length = 64)
    private String name;

    @Column(name = "RUN_AT", nullable = false)
    private long runAt;

    @Column(name = "NODE", length = 255)
    private String node;

    protected TaskLeaseEntity() {
        // for JPA
    }

    TaskLeaseEntity(String name, long runAt, String node) {
        this.name = name;
        this.runAt = runAt;
        this.node = node;
    }
}
