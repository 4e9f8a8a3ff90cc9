package dev.docket.broker.rabbitmq;

import dev.docket.tck.fault.LeaseHolder;
import java.net.URI;

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
    LeaseHolder.holdLeases(broker, args[2], Integer.parseInt(args[3]));
  }
}
