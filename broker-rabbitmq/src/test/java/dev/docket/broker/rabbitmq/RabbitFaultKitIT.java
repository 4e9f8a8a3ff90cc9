package dev.docket.broker.rabbitmq;

import dev.docket.broker.rabbitmq.internal.Topology;
import dev.docket.tck.fault.FaultCapability;
import dev.docket.tck.fault.FaultCluster;
import dev.docket.tck.fault.FaultKit;
import dev.docket.tck.fault.FaultServer;
import dev.docket.tck.fault.PrivateRabbit;
import dev.docket.tck.fault.PrivateRabbitCluster;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInfo;

/**
 * The fault kit on RabbitMQ with quorum queues (the default). F2 (restart) runs on a {@link
 * PrivateRabbit} node on a port in 5690–5699, which the kit restarts with {@code stop_app} /
 * {@code start_app}; F7 on a {@link PrivateRabbitCluster} of 3 such nodes reached through a
 * multi-host URI. The rules that only need a proxy (F1, F3, F4, F5) stay on the shared test
 * server, which the kit never restarts or reconfigures: a private node would add about 10 s and
 * 100 MB per scenario on a loaded machine and show nothing more, since those faults happen in
 * the proxy or the workers. Every scenario has its own queue names. Run with {@code mvn -Pfaults
 * -pl broker-rabbitmq -am verify}.
 */
class RabbitFaultKitIT extends FaultKit {

  private boolean restartRule;

  /** The queue type under test; the classic fixture overrides it. */
  String queueType() {
    return "quorum";
  }

  /** Notes whether the scenario about to run is F2, the one rule that restarts the server. */
  @BeforeEach
  void noteRule(TestInfo info) {
    restartRule = info.getTestClass().map(c -> Arrays.stream(c.getAnnotationsByType(Tag.class))
        .anyMatch(t -> t.value().equals("F2"))).orElse(false);
  }

  @Override
  protected FaultServer startServer() {
    if (restartRule) {
      return PrivateRabbit.start();
    }
    URI uri = RabbitTestSupport.uri();
    return FaultServer.external(new InetSocketAddress(uri.getHost(), uri.getPort()));
  }

  @Override
  protected String brokerUri(InetSocketAddress server, String namespace) {
    return uri("127.0.0.1:" + server.getPort());
  }

  /** The shared server's credentials and virtual host at {@code hosts}, with the queue type. */
  private String uri(String hosts) {
    URI shared = RabbitTestSupport.uri();
    return shared.getScheme() + "://" + shared.getRawUserInfo() + "@" + hosts
        + shared.getRawPath() + "?queueType=" + queueType();
  }

  /** Three private nodes; the victim is the leader of the queue's band-0 quorum queue. */
  @Override
  protected FaultCluster startCluster() {
    return PrivateRabbitCluster.start(3, queue -> Topology.band(queue, 0));
  }

  /** Every node in one multi-host URI: clients fail over to another node by themselves. */
  @Override
  protected String clusterUri(FaultCluster cluster, String namespace) {
    return uri(cluster.nodes().stream().map(a -> "127.0.0.1:" + a.getPort())
        .collect(Collectors.joining(",")));
  }

  @Override
  protected Map<FaultCapability, String> cannotShow() {
    return Map.of(
        FaultCapability.MEMORY_LIMIT, "RabbitMQ's memory alarm blocks publishers instead of"
            + " refusing them, and F6 is specified for Redis only");
  }

  @Override
  protected String brokerName() {
    return "RabbitMQ " + queueType();
  }
}
