package dev.docket.tck.fault;

import dev.docket.tck.TestServers;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestClassOrder;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The fault kit (F rules of {@code CONTRACT.md}) in one class: real worker processes killed with
 * SIGKILL, a server restarted, connections cut, a server stalled, a poison job, a full server,
 * each ending with exact accounting ({@link Accounting}). A broker module writes one subclass,
 * named {@code *FaultKitIT} so only the {@code faults} Maven profile runs it:
 *
 * <pre>{@code
 * class RedisFaultKitIT extends FaultKit {
 *   @Override
 *   protected FaultServer startServer() {
 *     return PrivateRedis.start(); // its own server: the kit restarts, pauses and fills it
 *   }
 *
 *   @Override
 *   protected String brokerUri(InetSocketAddress server, String namespace) {
 *     return "redis://127.0.0.1:" + server.getPort() + "?keyPrefix=" + namespace;
 *   }
 * }
 * }</pre>
 *
 * <p>Worker processes are started with the test JVM's class path, so the broker module and its
 * provider must be on it (they are, in the module's own tests). A rule the fixture's server
 * cannot show is declared in {@link #cannotShow()} with the reason and reported as skipped; a
 * private server binary the machine lacks skips too, and fails the build with {@code CI=true}.
 *
 * @since 0.1
 */
@TestClassOrder(ClassOrderer.OrderAnnotation.class)
public abstract class FaultKit {

  /**
   * Starts the server one scenario runs against (a fresh private instance where the rule needs
   * to restart, stall or fill it) and returns once it answers. Closed by the kit.
   */
  protected abstract FaultServer startServer();

  /**
   * The broker URI for a client reaching the server at {@code server} (the proxy's address in
   * F3), with every name isolated by {@code namespace} where the broker has such an option.
   */
  protected abstract String brokerUri(InetSocketAddress server, String namespace);

  /** The state store URI workers use, or {@code null} (default) for none. */
  protected @Nullable String storeUri(InetSocketAddress server, String namespace) {
    return null;
  }

  /**
   * The capabilities this fixture's server cannot show, each with the reason; their rules are
   * reported as skipped with it. Default: none.
   */
  protected Map<FaultCapability, String> cannotShow() {
    return Map.of();
  }

  /**
   * F7: starts a cluster of private servers (Redis Cluster 3 masters with replicas, a 3-node
   * RabbitMQ cluster) and returns once it serves. A fixture that cannot show F7 declares {@link
   * FaultCapability#CLUSTER} in {@link #cannotShow()}; one that neither declares nor overrides
   * this fails F7, naming the omission.
   */
  protected FaultCluster startCluster() {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " neither starts a"
        + " cluster (FaultKit.startCluster) nor declares FaultCapability.CLUSTER in cannotShow()");
  }

  /** The broker URI for a client of {@code cluster}, names isolated by {@code namespace}. */
  protected String clusterUri(FaultCluster cluster, String namespace) {
    throw new UnsupportedOperationException(getClass().getSimpleName()
        + " starts a cluster but does not say how to reach it (FaultKit.clusterUri)");
  }

  /** The state store URI workers of {@code cluster} use, or {@code null} (default) for none. */
  protected @Nullable String clusterStoreUri(FaultCluster cluster, String namespace) {
    return null;
  }

  /**
   * Deletes what a run declared for {@code queue} on {@code server} (reached directly, not
   * through a proxy), when the run closes, passed or failed: a server that outlives the run (the
   * shared test server) keeps nothing of it. Not called for cluster runs, whose private nodes
   * are removed. The default does nothing (brokers whose kit runs on private servers only).
   */
  protected void deleteQueues(InetSocketAddress server, String queue) {}

  /** The broker's name in the results table; default the fixture's simple class name. */
  protected String brokerName() {
    return getClass().getSimpleName().replace("FaultKitIT", "");
  }

  /**
   * {@code n} scaled by {@link #scale()}: a quick local try may run fewer jobs; the published
   * figures use 1.
   */
  protected final int scaled(int n) {
    return Math.max(1, (int) Math.round(n * scale()));
  }

  /**
   * The factor job counts are scaled by: system property {@code docket.fault.scale}, default 1.
   * A fixture that must stay small whatever the command line says (the kit's own self-test)
   * overrides it.
   */
  protected double scale() {
    return Double.parseDouble(System.getProperty("docket.fault.scale", "1"));
  }

  /**
   * How long a scenario's drain wait goes on once nothing is left to happen while jobs are
   * missing: the queue's stats show nothing ready, delayed or in flight, no run is open in a live
   * worker, and no job completes. After that the scenario's accounting runs at once and reports
   * the missing jobs (F0.1) instead of waiting out its full bound. Default {@code null}: wait
   * for the bound, because a broker whose stats do not count what other clients hold (RabbitMQ's
   * in-flight count is per client) would look idle while its workers still hold deliveries. The
   * kit's self-test sets it for its brokers, whose stats are exact (Redis).
   */
  protected @Nullable Duration giveUpWhenIdle() {
    return null;
  }

  /** Skips the calling rule, naming the capability and the reason, if the fixture declared it. */
  protected final void require(FaultCapability capability, String rule) {
    String reason = cannotShow().get(capability);
    if (reason != null) {
      Assumptions.abort(rule + " needs " + capability + ", which " + brokerName()
          + " declares it cannot show: " + reason + " (FaultKit.cannotShow)");
    }
  }

  /** True when {@code CI=true}: a missing server fails instead of skipping. */
  protected static boolean ci() {
    return TestServers.ci();
  }

  /** F1: kill -9 of a worker process. */
  @Nested
  @Order(1)
  @Tag("required")
  @Tag("F1")
  @DisplayName("F1 kill -9 of a worker loses nothing")
  @TestMethodOrder(MethodOrderer.MethodName.class)
  class KillNine {
    @Test
    @DisplayName("F1.1 20,000 jobs, 3 workers, one killed with SIGKILL and replaced (lease 5 s)")
    void f1_1_killedWorkerLosesNothing() {
      require(FaultCapability.SHARED_BY_PROCESSES, "F1.1");
      FaultScenarios.killNine(FaultKit.this, "F1.1", FaultScenarios.LEASE);
    }

    @Test
    @DisplayName("F1.2 the same with the default lease: recovery time a new user sees")
    void f1_2_killedWorkerWithDefaultLease() {
      require(FaultCapability.SHARED_BY_PROCESSES, "F1.2");
      FaultScenarios.killNine(FaultKit.this, "F1.2", null);
    }
  }

  /** F2: server restart. */
  @Nested
  @Order(2)
  @Tag("required")
  @Tag("F2")
  @DisplayName("F2 a server restart loses nothing")
  class Restart {
    @Test
    @DisplayName("F2.1 the server restarts mid-run; workers and producer reconnect and finish")
    void f2_1_serverRestartLosesNothing() {
      require(FaultCapability.RESTART, "F2.1");
      FaultScenarios.restart(FaultKit.this, "F2.1");
    }
  }

  /** F3: connection cut. */
  @Nested
  @Order(3)
  @Tag("required")
  @Tag("F3")
  @DisplayName("F3 cut connections lose nothing")
  class ConnectionCut {
    @Test
    @DisplayName("F3.1 every connection cut twice and blackholed 3 s during enqueue, fetch, ack")
    void f3_1_connectionCutsLoseNothing() {
      require(FaultCapability.PROXY, "F3.1");
      FaultScenarios.connectionCut(FaultKit.this, "F3.1");
    }
  }

  /** F4: server stall. */
  @Nested
  @Order(4)
  @Tag("required")
  @Tag("F4")
  @DisplayName("F4 a 20 s stall lapses no lease")
  class Stall {
    @Test
    @DisplayName("F4.1 1,000 running jobs keep their leases through a 20 s stall; none runs twice")
    void f4_1_stallLapsesNoLease() {
      require(FaultCapability.STALL, "F4.1");
      FaultScenarios.stall(FaultKit.this, "F4.1");
    }
  }

  /** F5: poison job. */
  @Nested
  @Order(5)
  @Tag("required")
  @Tag("F5")
  @DisplayName("F5 a job that kills its worker ends in the DLQ alone")
  class Poison {
    @Test
    @DisplayName("F5.1 the poison job is DELIVERY_LIMIT; its 200 bystanders all complete")
    void f5_1_poisonEndsInDlqAlone() {
      require(FaultCapability.SHARED_BY_PROCESSES, "F5.1");
      FaultScenarios.poison(FaultKit.this, "F5.1");
    }
  }

  /** F6: full server. */
  @Nested
  @Order(6)
  @Tag("required")
  @Tag("F6")
  @DisplayName("F6 a full server refuses clearly and loses nothing")
  class FullServer {
    @Test
    @DisplayName("F6.1 at the memory limit enqueue fails clearly; work resumes when memory frees")
    void f6_1_fullServerLosesNothing() {
      require(FaultCapability.MEMORY_LIMIT, "F6.1");
      FaultScenarios.fullServer(FaultKit.this, "F6.1");
    }
  }

  /** F7: a node of a cluster dies. */
  @Nested
  @Order(7)
  @Tag("required")
  @Tag("F7")
  @DisplayName("F7 a dead cluster node loses nothing acknowledged")
  class ClusterNodeDies {
    @Test
    @DisplayName("F7.1 the node serving the queue is killed mid-run; every acknowledged job runs")
    void f7_1_deadNodeLosesNothingAcknowledged() {
      require(FaultCapability.CLUSTER, "F7.1");
      FaultScenarios.clusterNodeDies(FaultKit.this, "F7.1");
    }
  }
}
