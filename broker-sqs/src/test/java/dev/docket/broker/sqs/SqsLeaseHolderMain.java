package dev.docket.broker.sqs;

import dev.docket.tck.fault.LeaseHolder;
import java.net.URI;

/**
 * A worker process for {@link SqsOwnerRecoveryTest}: leases jobs for 30 s (the visibility
 * timeout) through a broker with an {@code idStore}, says so on stdout, then holds them (blocked
 * on stdin, beating) until its parent kills it with SIGKILL.
 */
public final class SqsLeaseHolderMain {

  private SqsLeaseHolderMain() {}

  /** Args: SQS endpoint, queue prefix, idStore URI, queue, how many jobs. */
  public static void main(String[] args) throws Exception {
    SqsBroker broker = SqsBroker.create(SqsBrokerConfig.builder().region("us-east-1")
        .endpoint(URI.create(args[0])).credentials("test", "test").queuePrefix(args[1])
        .idStore(URI.create(args[2])).build());
    LeaseHolder.holdLeases(broker, args[3], Integer.parseInt(args[4]));
  }
}
