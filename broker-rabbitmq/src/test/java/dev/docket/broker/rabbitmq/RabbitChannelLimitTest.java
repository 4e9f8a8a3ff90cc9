package dev.docket.broker.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.docket.BrokerUnavailableException;
import dev.docket.spi.Delivery;
import dev.docket.spi.FetchRequest;
import dev.docket.spi.Message;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A worker consumes each priority band of each queue on a channel of its own; past the
 * connection's channel_max, the fetch fails saying so and what to change, and the jobs stay.
 * (Found by the queue-count curve: 1,000 queues x 3 bands needed 3,000 channels of 2,047.)
 */
class RabbitChannelLimitTest {

  @Test
  void moreBandQueuesThanChannels_fetchFailsNamingTheLimitAndTheWayOut_jobsStay()
      throws Exception {
    RabbitBrokerConfig config = RabbitTestSupport.config().build();
    String prefix = "chmax-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    List<String> queues = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      queues.add(prefix + i);
    }
    // 4 queues x 3 bands = 12 consumer channels on a connection that allows 8.
    RabbitTestSupport.Tracking b = new RabbitTestSupport.Tracking(
        RabbitBroker.create(config, f -> f.setRequestedChannelMax(8)));
    try (b) {
      for (String q : queues) {
        b.publish(q, List.of(Message.of(UUID.randomUUID().toString(),
            "{}".getBytes(StandardCharsets.UTF_8), Map.of("docket-task", "t"))));
      }
      assertThatThrownBy(() -> b.fetch(new FetchRequest(queues, 4, Duration.ofSeconds(30),
          Duration.ZERO)))
          .isInstanceOf(BrokerUnavailableException.class)
          .hasMessageContaining("allows 8 channels (channel_max)")
          .hasMessageContaining("priorityBands");
      b.close(); // its consumers' unacknowledged deliveries go back to their queues
      // The same jobs on a connection with room: all still there, every one is delivered.
      try (RabbitBroker roomy = RabbitBroker.create(config)) {
        for (String q : queues) {
          // Ready, or prefetched unacknowledged by the consumers that did get a channel.
          assertThat(roomy.stats(q).total()).as("job of %s still there", q).isEqualTo(1);
        }
        List<Delivery> got = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
          got.addAll(roomy.fetch(new FetchRequest(queues, 4 - got.size(), Duration.ofSeconds(30),
              Duration.ofSeconds(1))));
          return got.size() == 4;
        });
        for (Delivery d : got) {
          assertThat(roomy.ack(d)).isTrue();
        }
      }
    } finally {
      b.deleteQueues(config);
    }
  }
}
