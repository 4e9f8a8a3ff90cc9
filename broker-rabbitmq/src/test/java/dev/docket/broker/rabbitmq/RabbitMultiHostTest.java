package dev.docket.broker.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.docket.BrokerUnavailableException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** A multi-host URI on the shared server: a dead host in the list is skipped. */
class RabbitMultiHostTest {

  /** A loopback port nobody listens on (bound, then released). */
  private static int deadPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static URI withHosts(String hosts) {
    URI shared = RabbitTestSupport.uri();
    return URI.create(shared.getScheme() + "://" + shared.getRawUserInfo() + "@" + hosts
        + shared.getRawPath());
  }

  @Test
  void connects_throughTheLiveHost_whicheverPlaceItHasInTheList() throws IOException {
    URI shared = RabbitTestSupport.uri();
    String live = shared.getHost() + ":" + shared.getPort();
    String dead = "127.0.0.1:" + deadPort();
    String queue = "multihost-" + Long.toHexString(System.nanoTime());
    for (String hosts : new String[] {dead + "," + live, live + "," + dead}) {
      RabbitBrokerConfig config = RabbitBrokerConfig.builder().uri(withHosts(hosts)).build();
      try (RabbitBroker broker = RabbitBroker.create(config)) {
        broker.declareQueue(queue);
        assertThat(broker.stats(queue).total()).as("stats through %s", config.redactedUri())
            .isZero();
        broker.deleteQueue(queue);
      }
    }
  }

  @Test
  void everyHostDead_failsAsUnavailable_withoutTheCredentials() throws IOException {
    URI uri = URI.create("amqp://guest:s3cret@127.0.0.1:" + deadPort() + ",127.0.0.1:"
        + deadPort() + "/%2F");
    assertThatThrownBy(() -> RabbitBroker.create(RabbitBrokerConfig.builder().uri(uri).build()))
        .isInstanceOf(BrokerUnavailableException.class)
        .hasMessageContaining("127.0.0.1:").hasMessageNotContaining("s3cret");
  }
}
