package dev.docket.broker.rabbitmq.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.broker.rabbitmq.RabbitBrokerConfig;
import dev.docket.spi.Delivery;
import dev.docket.spi.FetchRequest;
import dev.docket.spi.Message;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.SocketFactory;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Connection loss: the client's socket is cut under it (as a network failure would). Automatic
 * recovery reconnects; every confirmed job is still there, exactly once; leases taken before the
 * loss are refused, and their jobs come back.
 */
class RecoveryTest {

  /** Creates plain sockets and remembers them, so the test can cut the live one. */
  static final class CuttableSockets extends SocketFactory {
    final List<Socket> sockets = new CopyOnWriteArrayList<>();

    private Socket track(Socket s) {
      sockets.add(s);
      return s;
    }

    @Override
    public Socket createSocket() {
      return track(new Socket());
    }

    // A host name is resolved here, so every socket comes from one of the two overloads below.
    @Override
    public Socket createSocket(String host, int port) throws IOException {
      return createSocket(InetAddress.getByName(host), port);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress local, int localPort)
        throws IOException {
      return createSocket(InetAddress.getByName(host), port, local, localPort);
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
      return track(new Socket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress local, int localPort)
        throws IOException {
      return track(new Socket(address, port, local, localPort));
    }

    void cutAll() throws IOException {
      for (Socket s : sockets) {
        s.close();
      }
    }
  }

  @Test
  void aLostConnectionRecovers_withoutLosingOrDuplicatingConfirmedJobs() throws Exception {
    CuttableSockets sockets = new CuttableSockets();
    RabbitBrokerConfig config = RabbitBrokerConfig.builder().uri(RabbitBrokerTest.uri()).build();
    String q = "test-recovery-" + UUID.randomUUID().toString().substring(0, 8) + ".main";
    try (RabbitCore broker = RabbitCore.open(config, f -> f.setSocketFactory(sockets))) {
      try {
        broker.declareQueue(q);
        List<Message> jobs = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
          jobs.add(Message.of("job-" + i, ("body-" + i).getBytes(StandardCharsets.UTF_8),
              Map.of()));
        }
        broker.publish(q, jobs); // returns only once RabbitMQ confirmed all 50
        // A lease whose connection was lost keeps its job's run claim until the lease ends
        // (its handler may still run, and no copy may run beside it): a short lease, so the
        // nine never acked come back within the test's bound.
        List<Delivery> leased = new ArrayList<>();
        while (leased.size() < 10) {
          leased.addAll(broker.fetch(FetchRequest.of(q, 10 - leased.size(),
              Duration.ofSeconds(3), Duration.ofSeconds(2))));
        }

        int before = sockets.sockets.size(); // consuming and publishing connections
        assertThat(before).isEqualTo(2);
        sockets.cutAll();
        Awaitility.await("recovery").atMost(Duration.ofSeconds(30))
            .until(() -> broker.connection().isOpen() && broker.publishingConnection().isOpen()
                && sockets.sockets.size() >= 2 * before);

        assertThat(broker.ack(leased.get(0)))
            .as("a lease taken before the connection was lost").isFalse();
        broker.publish(q, List.of(Message.of("after", new byte[] {1}, Map.of())));

        Map<String, Integer> seen = new HashMap<>();
        Awaitility.await("every job back").atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ZERO).until(() -> {
              for (Delivery d : broker.fetch(FetchRequest.of(q, 20, Duration.ofMinutes(5),
                  Duration.ofMillis(200)))) {
                seen.merge(d.id(), 1, Integer::sum);
                assertThat(broker.ack(d)).isTrue();
              }
              return seen.size() == 51;
            });
        assertThat(seen).as("each confirmed job exactly once").allSatisfy((id, n) ->
            assertThat(n).as(id).isEqualTo(1));
        assertThat(broker.stats(q).total()).isZero();
      } finally {
        broker.deleteQueue(q);
      }
    }
  }
}
