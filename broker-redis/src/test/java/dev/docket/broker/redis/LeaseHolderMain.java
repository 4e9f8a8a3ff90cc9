package dev.docket.broker.redis;

import dev.docket.spi.FetchRequest;
import java.net.URI;
import java.time.Duration;

/**
 * A worker process for {@link RedisOwnerRecoveryTest}: leases jobs for 30 s, says so on stdout,
 * then holds them (blocked on stdin) until its parent kills it with SIGKILL.
 */
public final class LeaseHolderMain {

  private LeaseHolderMain() {}

  /** Args: Redis URI, key prefix, queue, how many jobs. */
  public static void main(String[] args) throws Exception {
    RedisBroker broker = RedisBroker.create(
        RedisBrokerConfig.builder().uri(URI.create(args[0])).keyPrefix(args[1]).build());
    int want = Integer.parseInt(args[3]);
    int got = broker.fetch(FetchRequest.of(args[2], want, Duration.ofSeconds(30),
        Duration.ofSeconds(10))).size();
    System.out.println("leased " + got);
    System.out.flush();
    // Holds the leases, beating, until killed; never acks.
    while (System.in.read() >= 0) {
      continue;
    }
  }
}
