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
import org.junit.jupiter.api.Test;

/**
 * RabbitMQ's consumer timeout closes a channel whose delivery stays unacknowledged too long (30
 * minutes by default), whatever lease Docket granted. The test lowers the server's {@code
 * consumer_timeout} to 2 s with {@code rabbitmqctl eval} only while the broker opens its lease
 * channel (a channel reads the setting when it opens), restores it at once, and proves the job
 * held past the timeout is not lost: the broker notices its lease is gone, opens a new channel,
 * and the job is delivered again with its delivery count raised.
 */
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

  @Test
  void aJobHeldPastTheConsumerTimeout_comesBack_andTheBrokerKeepsWorking() throws Exception {
    RabbitBrokerConfig config = RabbitBrokerConfig.builder().uri(RabbitBrokerTest.uri()).build();
    String q = "test-timeout-" + UUID.randomUUID().toString().substring(0, 8) + ".main";
    try (RabbitCore broker = RabbitCore.open(config)) {
      try {
        broker.declareQueue(q);
        broker.publish(q, List.of(Message.of("long-job", new byte[] {7}, Map.of())));
        String original = rabbitmqctl("application:get_env(rabbit, consumer_timeout).");
        Delivery held;
        try {
          rabbitmqctl("application:set_env(rabbit, consumer_timeout, 2000).");
          held = broker.fetch(FetchRequest.of(q, 1, Duration.ofMinutes(10), Duration.ofSeconds(5)))
              .get(0);
        } finally {
          rabbitmqctl(original.startsWith("{ok,")
              ? "application:set_env(rabbit, consumer_timeout, "
                  + original.substring(4, original.length() - 1) + ")."
              : "application:unset_env(rabbit, consumer_timeout).");
        }
        assertThat(held.deliveryCount()).isEqualTo(1);

        // RabbitMQ checks the timeout on a periodic tick, so allow it a while past 2 s.
        Awaitility.await("RabbitMQ to close the channel holding the job")
            .atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
            .until(() -> !broker.extendLease(held, Duration.ofMinutes(10)));
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
