package dev.docket.broker.rabbitmq;

import dev.docket.spi.FetchRequest;
import java.net.URI;
import java.time.Duration;

/**
 * A worker process for {@link RabbitOwnerRecoveryTest}: leases jobs for 30 s through a broker
 * whose run claims live in a shared store, says so on stdout, then holds them (blocked on stdin,
 * beating) until its parent kills it with SIGKILL.
 */
public final class RabbitLeaseHolderMain {

  private RabbitLeaseHolderMain() {}

  /** Args: AMQP URI, idStore URI, queue, how many jobs. */
  public static void main(String[] args) throws Exception {
    RabbitBroker broker = RabbitBroker.create(RabbitBrokerConfig.builder().uri(URI.create(args[0]))
        .idStore(URI.create(args[1])).build());
    int want = Integer.parseInt(args[3]);
    int got = 0;
    long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (got < want && System.nanoTime() < end) {
      got += broker.fetch(FetchRequest.of(args[2], want - got, Duration.ofSeconds(30),
          Duration.ofSeconds(2))).size();
    }
    System.out.println("leased " + got);
    System.out.flush();
    // Holds the leases, beating, until killed; never acks.
    while (System.in.read() >= 0) {
      continue;
    }
  }
}
