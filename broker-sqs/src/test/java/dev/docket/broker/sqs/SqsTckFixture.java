package dev.docket.broker.sqs;

import dev.docket.spi.Broker;
import dev.docket.spi.StateStore;
import dev.docket.store.jdbc.PostgresStateStore;
import dev.docket.tck.LargeFetchContract;
import dev.docket.tck.TckContext;
import dev.docket.tck.TckFixture;
import dev.docket.tck.TestServers;
import dev.docket.broker.sqs.internal.SqsNames;
import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The SQS broker for the TCK: ElasticMQ embedded in this JVM, or the endpoint in {@code
 * DOCKET_TEST_SQS_ENDPOINT}, with the PostgreSQL state store an SQS deployment without Redis
 * would use. Queue names carry the test's namespace, so runs never meet; the store keys a test
 * wrote are deleted afterwards. {@link #fifo()} uses FIFO queues (the default one message group
 * per job): lanes and dead-letter queues are FIFO, delays hop through a standard delay queue.
 */
final class SqsTckFixture implements TckFixture {

  private final boolean fifo;
  private boolean storeOpened;

  private SqsTckFixture(boolean fifo) {
    this.fifo = fifo;
  }

  /** Standard queues. */
  static SqsTckFixture standard() {
    return new SqsTckFixture(false);
  }

  /** FIFO queues ({@code fifo=true}). */
  static SqsTckFixture fifo() {
    return new SqsTckFixture(true);
  }

  @Override
  public Broker broker(TckContext ctx) {
    return SqsBroker.create(fifo ? ElasticMq.config("dkf-").fifo(true).build()
        : ElasticMq.config("dk-").build());
  }

  @Override
  public StateStore store(TckContext ctx) {
    storeOpened = true;
    return postgres();
  }

  /**
   * Asks the SQS endpoint on a client of its own: ListQueues with the queue's base name as the
   * prefix finds its lanes, delay queue and dead-letter queue.
   */
  @Override
  public Optional<Boolean> queueExists(TckContext ctx, String queue) {
    String base = new SqsNames(fifo ? "dkf-" : "dk-", fifo).base(queue);
    try (SqsClient sqs = SqsClient.builder().endpointOverride(ElasticMq.endpoint())
        .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create("test", "test"))).build()) {
      return Optional.of(sqs.listQueues(b -> b.queueNamePrefix(base)).queueUrls().stream()
          .map(url -> url.substring(url.lastIndexOf('/') + 1))
          .anyMatch(name -> name.startsWith(base + "-")));
    }
  }

  @Override
  public void cleanup(TckContext ctx) {
    if (storeOpened) {
      try (PostgresStateStore store = postgres()) {
        store.deleteByPrefix(ctx.namespace());
      }
    }
  }

  /**
   * ElasticMQ's FIFO emulation serves a backlog of 12,000 single-message groups too slowly for
   * the kit (receives time out inside ElasticMQ after 21 s; standard queues run the full 12,000
   * in about 40 s). 1,200 still makes every fetch larger than SQS's ten per receive.
   */
  @Override
  public int largeFetchBacklog() {
    return fifo ? 1_200 : LargeFetchContract.DEFAULT_BACKLOG;
  }

  private static PostgresStateStore postgres() {
    URI server = TestServers.require("PostgreSQL", "DOCKET_TEST_POSTGRES_URI",
        URI.create("postgresql://postgres@127.0.0.1:5432/test"));
    return PostgresStateStore.connect(server + "?table=docket_state_sqs_tck");
  }
}
