package io.github.idgov.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class KafkaSinkTest {

    private static final String ALICE = "{\"id\":\"e1\",\"principal\":{\"id\":\"u-alice\",\"username\":\"alice\"},\"realm\":\"r\"}";
    private static final String BOT = "{\"id\":\"e2\",\"principal\":{\"id\":\"u-bot\"},\"realm\":\"r\"}";
    private static final String NO_PRINCIPAL = "{\"id\":\"e3\",\"principal\":null,\"realm\":\"r\"}";

    /** A producer whose sends complete with the given error when flushed (null: success). */
    private static final class FailingOnFlush extends MockProducer<String, String> {
        private final RuntimeException error;

        FailingOnFlush(RuntimeException error) {
            super(false, null, new StringSerializer(), new StringSerializer());
            this.error = error;
        }

        @Override
        public synchronized void flush() {
            while (error != null && errorNext(error)) {
                // fail every pending send
            }
            super.flush();
        }
    }

    @Test
    void publishesEveryRecordInOrderKeyedByPrincipal() throws Exception {
        MockProducer<String, String> producer = new MockProducer<>(true, null, new StringSerializer(), new StringSerializer());
        KafkaSink sink = new KafkaSink("audit", Duration.ofSeconds(5), () -> producer);

        sink.deliver(List.of(ALICE, BOT, NO_PRINCIPAL));

        List<ProducerRecord<String, String>> sent = producer.history();
        assertThat(sent).extracting(ProducerRecord::topic).containsOnly("audit");
        assertThat(sent).extracting(ProducerRecord::key).containsExactly("u-alice", "u-bot", "r");
        assertThat(sent).extracting(ProducerRecord::value).containsExactly(ALICE, BOT, NO_PRINCIPAL);
        assertThat(sent.get(0).headers().lastHeader("content-type").value()).asString().isEqualTo("application/json");
    }

    @Test
    void aTransientBrokerErrorIsRetriedWithTheSameProducer() {
        AtomicInteger created = new AtomicInteger();
        KafkaSink sink = new KafkaSink("audit", Duration.ofSeconds(5), () -> {
            created.incrementAndGet();
            return new FailingOnFlush(new NotEnoughReplicasException("2 of 3 replicas down"));
        });

        assertThatThrownBy(() -> sink.deliver(List.of(ALICE)))
                .isInstanceOfSatisfying(AuditSink.DeliveryException.class, e -> assertThat(e.isRetryable()).isTrue())
                .hasMessageContaining("NotEnoughReplicas");
        assertThatThrownBy(() -> sink.deliver(List.of(ALICE))).isInstanceOf(AuditSink.DeliveryException.class);
        assertThat(created).hasValue(1);
    }

    @Test
    void aRecordTheTopicCanNeverTakeIsDeadLetteredAndTheProducerReplaced() {
        AtomicInteger created = new AtomicInteger();
        KafkaSink sink = new KafkaSink("audit", Duration.ofSeconds(5), () -> {
            created.incrementAndGet();
            return new FailingOnFlush(new RecordTooLargeException("1 MiB limit"));
        });

        assertThatThrownBy(() -> sink.deliver(List.of(ALICE)))
                .isInstanceOfSatisfying(AuditSink.DeliveryException.class, e -> assertThat(e.isRetryable()).isFalse());
        assertThatThrownBy(() -> sink.deliver(List.of(ALICE))).isInstanceOf(AuditSink.DeliveryException.class);
        assertThat(created).hasValue(2);
    }

    @Test
    void aSendThatCannotEvenStartIsRetried() {
        MockProducer<String, String> producer = new MockProducer<>(true, null, new StringSerializer(), new StringSerializer());
        producer.sendException = new org.apache.kafka.common.errors.TimeoutException("no metadata within 30000 ms");
        KafkaSink sink = new KafkaSink("audit", Duration.ofSeconds(5), () -> producer);

        assertThatThrownBy(() -> sink.deliver(List.of(ALICE)))
                .isInstanceOfSatisfying(AuditSink.DeliveryException.class, e -> assertThat(e.isRetryable()).isTrue());
    }

    @Test
    void closesItsProducer() throws Exception {
        MockProducer<String, String> producer = new MockProducer<>(true, null, new StringSerializer(), new StringSerializer());
        KafkaSink sink = new KafkaSink("audit", Duration.ofSeconds(5), () -> producer);
        sink.deliver(List.of(ALICE));

        sink.close();

        assertThat(producer.closed()).isTrue();
    }
}
