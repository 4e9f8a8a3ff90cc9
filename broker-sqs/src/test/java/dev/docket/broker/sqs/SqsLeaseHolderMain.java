package dev.docket.broker.sqs;

import dev.docket.spi.FetchRequest;
import java.net.URI;
import java.time.Duration;

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
    int want = Integer.parseInt(args[4]);
    int got = 0;
    long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (got < want && System.nanoTime() < end) {
      got += broker.fetch(FetchRequest.of(args[3], want - got, Duration.ofSeconds(30),
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
