package dev.docket.broker.rabbitmq;

import dev.docket.broker.rabbitmq.internal.Topology;
import dev.docket.tck.TestServers;
import dev.docket.tck.fault.FaultCapability;
import dev.docket.tck.fault.FaultCluster;
import dev.docket.tck.fault.FaultKit;
import dev.docket.tck.fault.FaultServer;
import dev.docket.tck.fault.PrivateRabbit;
import dev.docket.tck.fault.PrivateRabbitCluster;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
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
    return uri("127.0.0.1:" + server.getPort(), namespace);
  }

  /** The shared server's credentials and virtual host at {@code hosts}, with the queue type. */
  private String uri(String hosts, String namespace) {
    URI shared = RabbitTestSupport.uri();
    return shared.getScheme() + "://" + shared.getRawUserInfo() + "@" + hosts
        + shared.getRawPath() + "?queueType=" + queueType() + idStoreOption(namespace);
  }

  /**
   * A PostgreSQL state store, one table per scenario (as the SQS fixture does): with a store the
   * runtime charges a worker crash only to the job that was running alone when it happened (F5)
   * and keeps singleton locks (F4).
   */
  @Override
  protected String storeUri(InetSocketAddress server, String namespace) {
    return postgres(namespace);
  }

  @Override
  protected String clusterStoreUri(FaultCluster cluster, String namespace) {
    return postgres(namespace);
  }

  private static String postgres(String namespace) {
    URI postgres = TestServers.require("PostgreSQL", "DOCKET_TEST_POSTGRES_URI",
        URI.create("postgresql://postgres@127.0.0.1:5432/test"));
    return postgres + "?table=" + namespace.replace('-', '_');
  }

  /**
   * The same store as the broker's {@code idStore}, so producer and workers share the live job
   * ids and the run claims: a copy of a job (a publish whose confirm was lost and that the
   * producer sent again) is held while another process runs the job and dropped once it is done.
   */
  private static String idStoreOption(String namespace) {
    return "&idStore=" + URLEncoder.encode(postgres(namespace), StandardCharsets.UTF_8);
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
        .collect(Collectors.joining(",")), namespace);
  }

  /** Every AMQP queue of the run (work bands, delay tiers, DLQ), also after a failed run. */
  @Override
  protected void deleteQueues(InetSocketAddress server, String queue) {
    URI shared = RabbitTestSupport.uri();
    URI direct = URI.create(shared.getScheme() + "://" + shared.getRawUserInfo() + "@127.0.0.1:"
        + server.getPort() + shared.getRawPath());
    try (RabbitBroker b = RabbitBroker.create(RabbitBrokerConfig.builder().uri(direct)
        .build())) {
      b.deleteQueue(queue);
    }
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
