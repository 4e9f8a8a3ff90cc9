package dev.docket.broker.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.spi.Delivery;
import dev.docket.spi.FetchRequest;
import dev.docket.spi.Message;
import dev.docket.spi.PublishOutcome;
import dev.docket.store.jdbc.PostgresStateStore;
import dev.docket.tck.TestServers;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Idempotent enqueue across processes: two brokers (as two processes would) share the live ids
 * in PostgreSQL, one opened from the {@code idStore} option, one handed the store.
 */
class RabbitIdStoreTest {
  private static final String TABLE = "docket_state_rabbit_ids";

  private static Message job(String id) {
    return Message.of(id, new byte[] {1}, Map.of());
  }

  @Test
  void anIdLiveInOneProcess_isADuplicateInAnother_untilItIsAcked() throws Exception {
    URI server = TestServers.require("PostgreSQL", "DOCKET_TEST_POSTGRES_URI",
        URI.create("postgresql://postgres@127.0.0.1:5432/test"));
    URI storeUri = URI.create(server + "?table=" + TABLE);
    String q = "test-rabbit-ids-" + UUID.randomUUID().toString().substring(0, 8);
    try (PostgresStateStore store = PostgresStateStore.connect(storeUri.toString());
        RabbitBroker first = RabbitBroker.create(
            RabbitTestSupport.config().idStore(storeUri).build());
        RabbitBroker second = RabbitBroker.create(RabbitTestSupport.config().build(), store)) {
      try {
        assertThat(first.publish(q, List.of(job("order-1")))).containsExactly(
            PublishOutcome.ACCEPTED);
        assertThat(second.publish(q, List.of(job("order-1"), job("order-2")))).as(
            "order-1 is live in the other process").containsExactly(PublishOutcome.DUPLICATE,
            PublishOutcome.ACCEPTED);

        Delivery d = second.fetch(FetchRequest.of(q, 1, Duration.ofMinutes(1),
            Duration.ofSeconds(5))).get(0);
        assertThat(d.id()).isEqualTo("order-1");
        assertThat(first.publish(q, List.of(job("order-1")))).as("still leased")
            .containsExactly(PublishOutcome.DUPLICATE);
        assertThat(second.ack(d)).isTrue();
        assertThat(first.publish(q, List.of(job("order-1")))).as("settled by the other process")
            .containsExactly(PublishOutcome.ACCEPTED);
      } finally {
        first.deleteQueue(q);
        store.deleteByPrefix("docket:rabbitmq-live:" + q + ":");
      }
    }
  }
}
