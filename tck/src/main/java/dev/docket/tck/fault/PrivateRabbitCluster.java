package dev.docket.tck.fault;

import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;

/**
 * A RabbitMQ cluster of {@link PrivateRabbit} nodes for rule F7: the nodes start side by side,
 * then every node but the first runs {@code stop_app}, {@code join_cluster <first>}, {@code
 * start_app}. Quorum queues declared on it get a member on every node. The victim of a queue is
 * the node leading its quorum group ({@code rabbitmqctl list_queues name leader}); it dies by
 * SIGKILL, and the cluster serves again once another live node leads the queue.
 *
 * @since 0.1
 */
public final class PrivateRabbitCluster implements FaultCluster {

  private static final Duration CTL_BOUND = Duration.ofSeconds(30);

  private final List<PrivateRabbit> nodes;
  private final UnaryOperator<String> queueName;
  private volatile int killed = -1;
  private volatile @Nullable String watched;
  private volatile @Nullable String leaderBefore;

  private PrivateRabbitCluster(List<PrivateRabbit> nodes, UnaryOperator<String> queueName) {
    this.nodes = List.copyOf(nodes);
    this.queueName = queueName;
  }

  /**
   * Starts {@code size} nodes (ports in 5690–5699), clusters them and returns once every node
   * serves. {@code queueName} maps a Docket queue to the RabbitMQ queue whose leader {@link
   * #victim} looks up (a broker may add a suffix or a prefix).
   */
  public static PrivateRabbitCluster start(int size, UnaryOperator<String> queueName) {
    if (size < 3) {
      throw new IllegalArgumentException("a quorum survives a node's death with 3 nodes or more");
    }
    PrivateServers.requireBinary("rabbitmq-server", "RabbitMQ node");
    List<CompletableFuture<PrivateRabbit>> starting = IntStream.range(0, size)
        .mapToObj(i -> CompletableFuture.supplyAsync(PrivateRabbit::start)).toList();
    List<PrivateRabbit> started = new ArrayList<>();
    RuntimeException failure = null;
    for (CompletableFuture<PrivateRabbit> f : starting) {
      try {
        started.add(f.join());
      } catch (CompletionException e) {
        failure = e.getCause() instanceof RuntimeException r ? r : e;
      }
    }
    PrivateRabbitCluster cluster = new PrivateRabbitCluster(started, queueName);
    try {
      if (failure != null) {
        throw failure;
      }
      PrivateRabbit first = started.get(0);
      for (PrivateRabbit node : started.subList(1, started.size())) {
        node.ctl(CTL_BOUND, "stop_app");
        node.ctl(Duration.ofSeconds(60), "join_cluster", first.node());
        node.ctl(Duration.ofSeconds(90), "start_app");
        node.awaitServing();
      }
      return cluster;
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  @Override
  public List<InetSocketAddress> nodes() {
    return nodes.stream().map(PrivateRabbit::address).toList();
  }

  /** The nodes themselves, in the order of {@link #nodes()}. */
  public List<PrivateRabbit> servers() {
    return nodes;
  }

  /** The index of the node leading the quorum group of {@code queue}'s RabbitMQ queue. */
  @Override
  public int victim(String queue) {
    String name = queueName.apply(queue);
    String leader = leaderOf(name);
    if (leader == null) {
      throw new IllegalStateException("RabbitMQ queue '" + name + "' (Docket queue '" + queue
          + "') has no quorum leader on " + nodeNames() + ": is it a quorum queue?");
    }
    watched = name;
    leaderBefore = leader;
    for (int i = 0; i < nodes.size(); i++) {
      if (nodes.get(i).node().equals(leader)) {
        return i;
      }
    }
    throw new IllegalStateException("queue '" + name + "' is led by " + leader
        + ", not a node of this cluster " + nodeNames());
  }

  /** SIGKILL of node {@code index}'s VM; returns at once. */
  @Override
  public void kill(int index) {
    killed = index;
    nodes.get(index).kill();
  }

  /**
   * Waits until the queue {@link #victim} named is led by a live node other than the killed one,
   * and says which.
   */
  @Override
  public String awaitServing(Duration bound) {
    String name = watched;
    if (name == null) {
      throw new IllegalStateException("awaitServing needs victim(queue) first: it watches the"
          + " queue's quorum leader");
    }
    AtomicReference<String> leader = new AtomicReference<>();
    await("a new quorum leader of " + name + " on a live node").atMost(bound)
        .pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() -> {
          String now = leaderOf(name);
          leader.set(now);
          return now != null && IntStream.range(0, nodes.size()).anyMatch(i -> i != killed
              && nodes.get(i).node().equals(now) && nodes.get(i).alive());
        });
    return "quorum leader of " + name + " moved from " + shortName(leaderBefore) + " to "
        + shortName(leader.get());
  }

  /** The leader of RabbitMQ queue {@code name} as a live node sees it, or null. */
  private @Nullable String leaderOf(String name) {
    PrivateRabbit asked = nodes.stream().filter(n -> n != killedNode() && n.alive()).findFirst()
        .orElseThrow(() -> new IllegalStateException("no live node in " + nodeNames()));
    String out = asked.ctl(CTL_BOUND, "list_queues", "name", "leader", "--no-table-headers",
        "--quiet", "--timeout", "20");
    for (String line : out.lines().toList()) {
      String[] cols = line.trim().split("\\s+", -1);
      if (cols.length == 2 && cols[0].equals(name)) {
        return cols[1];
      }
    }
    return null;
  }

  private @Nullable PrivateRabbit killedNode() {
    int k = killed;
    return k < 0 ? null : nodes.get(k);
  }

  private List<String> nodeNames() {
    return nodes.stream().map(PrivateRabbit::node).toList();
  }

  private static String shortName(@Nullable String node) {
    return Objects.requireNonNullElse(node, "nobody").replace("@localhost", "");
  }

  /** Stops every node and deletes its data. */
  @Override
  public void close() {
    nodes.parallelStream().forEach(PrivateRabbit::close);
  }

  @Override
  public String toString() {
    return "PrivateRabbitCluster" + nodeNames();
  }
}
