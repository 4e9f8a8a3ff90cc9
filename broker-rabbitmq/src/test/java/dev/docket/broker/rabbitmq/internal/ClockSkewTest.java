package dev.docket.broker.rabbitmq.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.broker.rabbitmq.RabbitBrokerConfig;
import dev.docket.spi.Delivery;
import dev.docket.spi.FetchRequest;
import dev.docket.spi.Message;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue 10.13 on RabbitMQ: a delay runs on RabbitMQ's clock (TTLs) and travels as a duration;
 * no host compares its clock with another's. A consumer whose clock is 10 s behind the
 * publisher's used to read the publisher's absolute due time as 10 s in the future and send the
 * job round the tiers again.
 */
class ClockSkewTest {

  @Test
  @DisplayName("issue 10.13: a consumer with a skewed clock gets a delayed job on time")
  void item13_delaysTravelAsDurations() throws Exception {
    RabbitBrokerConfig publisherConfig = RabbitBrokerConfig.builder().uri(RabbitBrokerTest.uri())
        .build();
    RabbitBrokerConfig consumerConfig = RabbitBrokerConfig.builder().uri(RabbitBrokerTest.uri())
        .clock(Clock.offset(Clock.systemUTC(), Duration.ofSeconds(-10))).build();
    String q = "test-skew-" + UUID.randomUUID().toString().substring(0, 8) + ".main";
    try (RabbitCore publisher = RabbitCore.open(publisherConfig);
        RabbitCore consumer = RabbitCore.open(consumerConfig)) {
      try {
        publisher.declareQueue(q);
        Instant published = Instant.now();
        publisher.publish(q, List.of(new Message("skewed", new byte[] {1}, Map.of(), 0,
            published.plusMillis(500))));
        List<Delivery> got = consumer.fetch(FetchRequest.of(q, 1, Duration.ofMinutes(1),
            Duration.ofSeconds(5)));
        assertThat(got).as("the job, due 500 ms after it was published").hasSize(1);
        assertThat(Instant.now()).as("not early").isAfterOrEqualTo(published.plusMillis(500));
        assertThat(consumer.ack(got.get(0))).isTrue();
      } finally {
        publisher.deleteQueue(q);
      }
    }
  }
}
