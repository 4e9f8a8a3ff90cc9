package dev.docket.tck.fault;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * A cluster of servers started by a fault fixture for rule F7 (a node dies): Redis Cluster with
 * replicas, a RabbitMQ cluster running quorum queues. The kit enqueues and runs work through
 * {@link FaultKit#clusterUri}, kills the node {@link #victim} names with SIGKILL, and waits for
 * {@link #awaitServing} before it accounts for every job.
 *
 * <p>As a {@link FaultServer} its {@link #address()} is the first node's; it is closed by the kit.
 *
 * @since 0.1
 */
public interface FaultCluster extends FaultServer {

  /** Every node's client address, in a fixed order (indexes for {@link #kill}). */
  List<InetSocketAddress> nodes();

  @Override
  default InetSocketAddress address() {
    return nodes().get(0);
  }

  /**
   * The index of the node whose death hurts {@code queue} most: the Redis master serving the
   * queue's hash slot, the RabbitMQ node leading the queue's quorum group. Called after the
   * queue has work, so the broker has declared it.
   */
  int victim(String queue);

  /** Kills node {@code index} the way a crash does (SIGKILL, no shutdown), and returns at once. */
  void kill(int index);

  /**
   * Waits (up to {@code bound}) until the cluster serves again without the killed node (a
   * replica promoted, a new quorum leader elected), and returns what the cluster did, in words,
   * for the report.
   */
  String awaitServing(Duration bound);
}
