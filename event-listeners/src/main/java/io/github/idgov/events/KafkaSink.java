package io.github.idgov.events;

import io.github.idgov.core.audit.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * Publishes each record to one Kafka topic through an idempotent producer ({@code acks=all}), keyed by the
 * principal's id so one principal's records stay in order on one partition. A batch counts as delivered only
 * when the broker acknowledged every record of it; otherwise the outbox retries the whole batch, so consumers
 * see records at least once and drop duplicates by {@code id}.
 */
final class KafkaSink implements AuditSink {

    static final String NAME = "kafka";
    private static final Logger LOG = Logger.getLogger(KafkaSink.class);
    private static final Header CONTENT_TYPE = new RecordHeader("content-type",
            "application/json".getBytes(StandardCharsets.US_ASCII));

    private final String topic;
    private final Duration timeout;
    private final Supplier<Producer<String, String>> producers;
    private Producer<String, String> producer;

    KafkaSink(KafkaSettings settings) {
        this(settings.topic(), settings.timeout(), () -> newProducer(settings.producerProperties()));
    }

    /** For tests: any producer (Kafka's MockProducer) stands in for the network one. */
    KafkaSink(String topic, Duration timeout, Supplier<Producer<String, String>> producers) {
        this.topic = topic;
        this.timeout = timeout;
        this.producers = producers;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void deliver(List<String> records) throws DeliveryException {
        Producer<String, String> current = producer();
        List<Future<RecordMetadata>> acks = new ArrayList<>(records.size());
        try {
            for (String record : records) {
                acks.add(current.send(new ProducerRecord<>(topic, null, null, key(record), record, List.of(CONTENT_TYPE))));
            }
            current.flush();
            long deadline = System.nanoTime() + timeout.toNanos();
            for (Future<RecordMetadata> ack : acks) {
                ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (ExecutionException e) {
            throw failure(e.getCause() == null ? e : e.getCause());
        } catch (KafkaException e) {
            throw failure(e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new DeliveryException("Kafka did not acknowledge the batch within " + timeout.toMillis() + " ms", true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryException("interrupted publishing to Kafka topic " + topic, true, e);
        }
    }

    /**
     * Broker-side transient errors are retried with the same producer; any other error may have left the
     * idempotent producer unusable (fenced, out of sequence), so a fresh one takes the retry. A record the
     * topic can never take (too large, not authorized, invalid topic) is dead-lettered.
     */
    private DeliveryException failure(Throwable cause) {
        if (cause instanceof RetriableException) {
            return new DeliveryException("Kafka topic " + topic + ": " + cause, true, cause);
        }
        boolean never = cause instanceof RecordTooLargeException || cause instanceof AuthorizationException
                || cause instanceof InvalidTopicException;
        discardProducer();
        return new DeliveryException("Kafka topic " + topic + ": " + cause, !never, cause);
    }

    private Producer<String, String> producer() {
        if (producer == null) {
            producer = producers.get();
        }
        return producer;
    }

    private void discardProducer() {
        if (producer != null) {
            try {
                producer.close(Duration.ZERO);
            } catch (RuntimeException e) {
                LOG.debugf(e, "Closing a failed Kafka producer");
            }
            producer = null;
        }
    }

    /** The principal's id keeps one principal's records in order; records without one share the realm's key. */
    static String key(String record) {
        Map<String, Object> parsed = Json.parseObject(record);
        if (parsed.get("principal") instanceof Map<?, ?> principal && principal.get("id") != null) {
            return principal.get("id").toString();
        }
        Object realm = parsed.get("realm");
        return realm == null ? null : realm.toString();
    }

    /**
     * Kafka resolves class-valued settings through the context class loader; on Keycloak's threads that loader
     * does not see the provider JAR, so the producer is built with ours.
     */
    private static Producer<String, String> newProducer(Properties properties) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(KafkaSink.class.getClassLoader());
        try {
            return new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer());
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close(timeout);
            producer = null;
        }
    }
}
