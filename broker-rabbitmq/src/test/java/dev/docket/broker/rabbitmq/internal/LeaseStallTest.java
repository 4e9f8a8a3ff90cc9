package dev.docket.broker.rabbitmq.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.broker.rabbitmq.RabbitBrokerConfig;
import dev.docket.spi.Delivery;
import dev.docket.spi.FetchRequest;
import dev.docket.spi.Message;
import dev.docket.tck.fault.TcpProxy;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue 10.7 on RabbitMQ: a lease is this client's own bookkeeping (the delivery stays
 * unacknowledged on an open channel, and RabbitMQ hands it to nobody else), so extending 1,000
 * leases needs no round trip and survives a 20 s stall of the connection (a paused proxy).
 */
class LeaseStallTest {
  private static final int JOBS = 1_000;
  private static final Duration LEASE = Duration.ofSeconds(3);

  @Test
  @DisplayName("issue 10.7: 1,000 running jobs keep their leases through a 20 s stall")
  void item7_leasesSurviveAStalledConnection() throws Exception {
    URI direct = RabbitBrokerTest.uri();
    String q = "test-stall-" + UUID.randomUUID().toString().substring(0, 8) + ".main";
    RabbitBrokerConfig directConfig = RabbitBrokerConfig.builder().uri(direct).build();
    try (TcpProxy proxy = TcpProxy.start(new InetSocketAddress(direct.getHost(), direct.getPort()));
        RabbitCore other = RabbitCore.open(directConfig);
        RabbitCore worker = RabbitCore.open(RabbitBrokerConfig.builder().uri(
            URI.create("amqp://guest:guest@127.0.0.1:" + proxy.address().getPort() + "/%2F")).build())) {
      try {
        other.declareQueue(q);
        List<Message> jobs = new ArrayList<>();
        for (int i = 0; i < JOBS; i++) {
          jobs.add(Message.of("job-" + i, new byte[] {1}, Map.of()));
        }
        other.publish(q, jobs);
        List<Delivery> running = new ArrayList<>();
        while (running.size() < JOBS) {
          List<Delivery> got = worker.fetch(FetchRequest.of(q, JOBS - running.size(), LEASE,
              Duration.ofSeconds(10)));
          assertThat(got).as("deliveries after %d", running.size()).isNotEmpty();
          running.addAll(got);
        }

        proxy.pause();
        long stallEnds = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < stallEnds) {
          long started = System.nanoTime();
          assertThat(worker.extendLeases(running, LEASE)).as("every lease extended in the stall")
              .hasSize(JOBS).containsOnly(true);
          assertThat(Duration.ofNanos(System.nanoTime() - started))
              .as("extending 1,000 leases").isLessThan(Duration.ofSeconds(1));
          // Nobody else gets a running job while its worker's connection is stalled.
          assertThat(other.fetch(FetchRequest.of(q, 10, LEASE, Duration.ofSeconds(1))))
              .as("jobs handed to a second consumer").isEmpty();
        }
        proxy.resume();

        for (Delivery d : running) {
          assertThat(worker.ack(d)).as("ack of %s after the stall", d.id()).isTrue();
        }
        assertThat(other.fetch(FetchRequest.of(q, 10, LEASE, Duration.ofSeconds(1)))).isEmpty();
      } finally {
        proxy.resume();
        other.deleteQueue(q);
      }
    }
  }
}
