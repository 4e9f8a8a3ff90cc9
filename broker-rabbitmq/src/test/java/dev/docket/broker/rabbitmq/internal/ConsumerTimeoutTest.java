package dev.docket.broker.rabbitmq.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.broker.rabbitmq.RabbitBrokerConfig;
import dev.docket.spi.Delivery;
import dev.docket.spi.FetchRequest;
import dev.docket.spi.Message;
import dev.docket.tck.TestServers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * RabbitMQ's consumer timeout closes a channel whose delivery stays unacknowledged too long (30
 * minutes by default), whatever lease Docket granted. The test lowers the server's {@code
 * consumer_timeout} to 2 s with {@code rabbitmqctl eval} only while the broker opens its lease
 * channel (a channel reads the setting when it opens), restores it at once, and proves the job
 * held past the timeout is not lost: the broker notices its lease is gone, opens a new channel,
 * and the job is delivered again with its delivery count raised.
 *
 * <p>A channel checks the timeout on its tick, every {@code channel_tick_interval} (60 s by
 * default, read each time the tick is rescheduled), so with the default the test waited a
 * minute for the check. RabbitMQ 3.10 has no per-queue or per-consumer {@code
 * x-consumer-timeout} (3.12 added them), so the test lowers the tick interval to 500 ms from
 * before the channel opens until the channel is closed, and restores it then: other channels
 * on the server only tick more often for those seconds, which changes nothing they do.
 */
@Tag("serial") // changes server-wide state: runs alone (broker-rabbitmq/pom.xml)
class ConsumerTimeoutTest {

  private static String rabbitmqctl(String expression) {
    try {
      Process p = new ProcessBuilder("rabbitmqctl", "eval", expression).redirectErrorStream(true)
          .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException("rabbitmqctl eval failed: " + out);
      }
      return out;
    } catch (IOException e) {
      String message = "this test changes RabbitMQ's consumer_timeout with rabbitmqctl, which"
          + " must run on this machine with the node's Erlang cookie (as root on the dev and CI"
          + " hosts): " + e.getMessage();
      if (TestServers.ci()) {
        throw new AssertionError(message, e);
      }
      Assumptions.abort(message);
      throw new AssertionError("unreachable");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The eval that puts {@code key} back as {@code application:get_env} reported it. */
  private static String restore(String key, String original) {
    return original.startsWith("{ok,")
        ? "application:set_env(rabbit, " + key + ", "
            + original.substring(4, original.length() - 1) + ")."
        : "application:unset_env(rabbit, " + key + ").";
  }

  @Test
  void aJobHeldPastTheConsumerTimeout_comesBack_andTheBrokerKeepsWorking() throws Exception {
    RabbitBrokerConfig config = RabbitBrokerConfig.builder().uri(RabbitBrokerTest.uri()).build();
    String q = "test-timeout-" + UUID.randomUUID().toString().substring(0, 8) + ".main";
    try (RabbitCore broker = RabbitCore.open(config)) {
      try {
        broker.declareQueue(q);
        broker.publish(q, List.of(Message.of("long-job", new byte[] {7}, Map.of())));
        String original = rabbitmqctl("application:get_env(rabbit, consumer_timeout).");
        String originalTick = rabbitmqctl("application:get_env(rabbit, channel_tick_interval).");
        Delivery held;
        try {
          rabbitmqctl("application:set_env(rabbit, channel_tick_interval, 500).");
          try {
            rabbitmqctl("application:set_env(rabbit, consumer_timeout, 2000).");
            held = broker.fetch(FetchRequest.of(q, 1, Duration.ofMinutes(10),
                Duration.ofSeconds(5))).get(0);
          } finally {
            rabbitmqctl(restore("consumer_timeout", original));
          }
          assertThat(held.deliveryCount()).isEqualTo(1);

          // The channel's tick runs every 500 ms now; allow for a loaded server.
          Awaitility.await("RabbitMQ to close the channel holding the job")
              .atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
              .until(() -> !broker.extendLease(held, Duration.ofMinutes(10)));
        } finally {
          rabbitmqctl(restore("channel_tick_interval", originalTick));
        }
        assertThat(broker.ack(held)).as("ack of the timed-out delivery").isFalse();

        Delivery again = Awaitility.await("the job back in its queue")
            .atMost(Duration.ofSeconds(20)).until(() -> broker.fetch(FetchRequest.of(q, 1,
                Duration.ofMinutes(1), Duration.ofMillis(500))), got -> !got.isEmpty()).get(0);
        assertThat(again.id()).isEqualTo("long-job");
        assertThat(again.deliveryCount()).as("the timed-out delivery counts").isEqualTo(2);
        assertThat(broker.ack(again)).as("ack on the broker's new channel").isTrue();
        assertThat(broker.stats(q).total()).isZero();
      } finally {
        broker.deleteQueue(q);
      }
    }
  }
}
