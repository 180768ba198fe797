package io.github.idgov.bench.jmh;

import io.github.idgov.core.audit.CanonicalText;
import io.github.idgov.core.audit.Checkpoint;
import io.github.idgov.core.audit.HashChain;
import io.github.idgov.core.audit.Json;
import io.github.idgov.core.audit.Redactor;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The audit record's own costs (DESIGN.md section 3): its canonical JSON (what the outbox stores and the hash covers),
 * the redaction of an admin representation, the hash-chain link the file sink adds per record, and the checkpoint
 * the file sink signs per batch.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AuditRecordBenchmark {

    private Map<String, Object> loginRecord;
    /** The record as the outbox stores it and the file sink receives it. */
    private String storedRecord;
    private Object userRepresentation;
    private String previousHash;
    private byte[] checkpointKey;
    private long seq;

    @Setup
    public void records() {
        loginRecord = new LinkedHashMap<>();
        loginRecord.put("id", "6f1c2a9e-3b7d-4c51-9a0e-2d8f7b4e1c30");
        loginRecord.put("time", 1_764_489_600_123L);
        loginRecord.put("realm", "acme");
        loginRecord.put("source", "user");
        loginRecord.put("type", "CLIENT_LOGIN");
        loginRecord.put("outcome", "success");
        loginRecord.put("principal", new LinkedHashMap<>(Map.of("id", "0b6e8c1d-5a4f-4e2b-8c7d-9f1a3e5b7c2d",
                "username", "service-account-billing-export", "class", "service-account", "owner", "alice",
                "client_id", "billing-export")));
        loginRecord.put("client", "billing-export");
        loginRecord.put("ip", "10.0.3.17");
        loginRecord.put("decision", new LinkedHashMap<>(Map.of("policy", "lifecycle", "result", "allow",
                "reason", "complete governance metadata, review current")));
        loginRecord.put("details", new LinkedHashMap<>(Map.of("grant_type", "client_credentials", "scope", "profile email",
                "client_auth_method", "client-secret")));
        userRepresentation = Json.parse("{\"username\":\"bob\",\"enabled\":true,\"email\":\"bob@example.org\","
                + "\"attributes\":{\"identity_class\":[\"human\"],\"identity_environment\":[\"prod\"]},"
                + "\"credentials\":[{\"type\":\"password\",\"value\":\"Secret-2026!\",\"temporary\":false}],"
                + "\"requiredActions\":[],\"groups\":[\"/payments\"]}");
        storedRecord = Json.canonical(loginRecord);
        previousHash = HashChain.GENESIS;
        checkpointKey = "bench-checkpoint-key-3a7e9c41".getBytes(StandardCharsets.UTF_8);
    }

    @Benchmark
    public String serialiseRecord() {
        return Json.canonical(loginRecord);
    }

    @Benchmark
    public Object redactAdminRepresentation() {
        return Redactor.redact(userRepresentation);
    }

    /** What the file sink does per record: link into the chain, then write the linked record's JSON line. */
    @Benchmark
    public String chainRecord() {
        Map<String, Object> linked = HashChain.link(loginRecord, ++seq, previousHash);
        previousHash = (String) linked.get(HashChain.HASH);
        return Json.canonical(linked);
    }

    /** The file sink's path for a stored record: prove the text canonical, hash it, add the chain fields. */
    @Benchmark
    public String chainStoredRecord() {
        HashChain.Linked linked = HashChain.link(CanonicalText.of(storedRecord).orElseThrow(), ++seq, previousHash);
        previousHash = linked.hash();
        return linked.line();
    }

    /** The same record by the path the file sink took before: parse, link, write again. */
    @Benchmark
    public String chainStoredRecordByParsing() {
        Map<String, Object> linked = HashChain.link(Json.parseObject(storedRecord), ++seq, previousHash);
        previousHash = (String) linked.get(HashChain.HASH);
        return Json.canonical(linked);
    }

    @Benchmark
    public Checkpoint signCheckpoint() {
        return Checkpoint.sign(seq, previousHash, 1_764_489_600_123L, checkpointKey);
    }

    /** Guards against a benchmark that measures nothing: the representation's password must be gone. */
    @Setup
    public void redactionRemovesThePassword() {
        if (Json.canonical(Redactor.redact(Json.parse("{\"credentials\":[{\"value\":\"Secret-2026!\"}]}"))).contains("Secret-2026!")) {
            throw new IllegalStateException("the redactor kept a credential value");
        }
    }
}
