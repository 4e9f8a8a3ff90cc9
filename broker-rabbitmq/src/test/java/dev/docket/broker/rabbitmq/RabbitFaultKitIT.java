package dev.docket.broker.rabbitmq;

import dev.docket.tck.TestServers;
import dev.docket.tck.fault.FaultCapability;
import dev.docket.tck.fault.FaultKit;
import dev.docket.tck.fault.FaultServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;

/**
 * The fault kit on RabbitMQ with quorum queues (the default). Worker processes, the proxy and
 * the paused proxy (F4) all sit in front of the shared test server, which the kit never restarts
 * or reconfigures; every scenario has its own queue names. Run with {@code mvn -Pfaults -pl
 * broker-rabbitmq -am verify}.
 */
class RabbitFaultKitIT extends FaultKit {

  /** The queue type under test; the classic fixture overrides it. */
  String queueType() {
    return "quorum";
  }

  @Override
  protected FaultServer startServer() {
    URI uri = RabbitTestSupport.uri();
    return FaultServer.external(new InetSocketAddress(uri.getHost(), uri.getPort()));
  }

  @Override
  protected String brokerUri(InetSocketAddress server, String namespace) {
    URI shared = RabbitTestSupport.uri();
    return shared.getScheme() + "://" + shared.getRawUserInfo() + "@127.0.0.1:" + server.getPort()
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
  private String idStoreOption(String namespace) {
    return "&idStore=" + java.net.URLEncoder.encode(postgres(namespace),
        java.nio.charset.StandardCharsets.UTF_8);
  }

  @Override
  protected Map<FaultCapability, String> cannotShow() {
    return Map.of(
        FaultCapability.RESTART, "the fixture runs on the shared RabbitMQ, which no test may"
            + " restart; a private node (stop_app/start_app) is not in the kit yet",
        FaultCapability.MEMORY_LIMIT, "RabbitMQ's memory alarm blocks publishers instead of"
            + " refusing them, and F6 is specified for Redis only");
  }

  @Override
  protected String brokerName() {
    return "RabbitMQ " + queueType();
  }
}
