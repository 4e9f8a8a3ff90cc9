package dev.docket.broker.redis;

import dev.docket.tck.fault.LeaseHolder;
import java.net.URI;

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
    LeaseHolder.holdLeases(broker, args[2], Integer.parseInt(args[3]));
  }
}
