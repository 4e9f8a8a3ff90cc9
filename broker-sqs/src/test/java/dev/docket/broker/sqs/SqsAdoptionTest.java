package dev.docket.broker.sqs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.docket.broker.sqs.internal.SqsCore;
import dev.docket.spi.Delivery;
import dev.docket.spi.FetchRequest;
import dev.docket.spi.LiveIdRegistry;
import dev.docket.spi.Message;
import dev.docket.spi.TimeSource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Issue 11 on SQS with a backlog: a dead worker's messages are adopted by a live process that
 * fetches their queue (moved to its lease with the dead worker's receipt handle and returned by
 * its next fetch, ahead of any backlog), and fall back to a visibility change when the handle is
 * refused, when the reference carries no delivery (past the budget) or when the live process
 * does not fetch the queue (a producer). The registry here records what each core holds and the
 * test hands a "dead" core's references to a live core's orphan listener itself, as a shared
 * registry does once the dead owner's heartbeat is {@code ownerTimeout} old.
 */
class SqsAdoptionTest {

  private static final Duration LEASE = Duration.ofSeconds(30);

  private final String prefix = "adopt" + UUID.randomUUID().toString().substring(0, 8);
  private final String queue = "q";
  private final List<SqsCore> open = new ArrayList<>();
  /** The ids of the process that dies holding messages, and of the one that lives on. */
  private final Recorder deadIds = new Recorder();
  private final Recorder liveIds = new Recorder();

  @AfterEach
  void cleanUp() {
    open.forEach(SqsCore::close);
  }

  /** A registry that reports itself shared and records the references it holds. */
  static final class Recorder implements LiveIdRegistry {
    private final LiveIdRegistry local = LiveIdRegistry.local(TimeSource.system());
    final Set<String> held = ConcurrentHashMap.newKeySet();
    private volatile @Nullable Consumer<List<String>> orphans;

    @Override public boolean add(String q, String id, Instant until) {
      return local.add(q, id, until);
    }
    @Override public boolean contains(String q, String id) {
      return local.contains(q, id);
    }
    @Override public void keep(String q, String id, Instant until) {
      local.keep(q, id, until);
    }
    @Override public void remove(String q, String id) {
      local.remove(q, id);
    }
    @Override public void removeAll(String q, Predicate<String> keep) {
      local.removeAll(q, keep);
    }
    @Override public Claim claim(String q, String id, @Nullable String inc, String token,
        Instant until) {
      return local.claim(q, id, inc, token, until);
    }
    @Override public void renew(String q, String id, @Nullable String inc, String token,
        Instant until) {
      local.renew(q, id, inc, token, until);
    }
    @Override public void unclaim(String q, String id, @Nullable String inc, String token) {
      local.unclaim(q, id, inc, token);
    }
    @Override public void done(String q, String id, @Nullable String inc, String token,
        Instant keep) {
      local.done(q, id, inc, token, keep);
    }
    @Override public void hold(Collection<String> refs) {
      held.addAll(refs);
    }
    @Override public void release(String ref) {
      held.remove(ref);
    }
    @Override public void onOrphans(Consumer<List<String>> listener) {
      orphans = listener;
    }
    @Override public String owner() {
      return "recorder";
    }
    @Override public boolean shared() {
      return true;
    }
    @Override public void close() {
      local.close();
    }

    boolean listening() {
      return orphans != null;
    }

    /** What a shared registry does once the owner of {@code refs} stopped beating. */
    void adoptFrom(List<String> refs) {
      Consumer<List<String>> l = orphans;
      assertThat(l).isNotNull();
      l.accept(refs);
    }
  }

  /** A core whose live ids go to {@code ids}, with the default adoption budget. */
  private SqsCore core(Recorder ids) {
    return core(ids, SqsCore.DEFAULT_ADOPT_BUDGET);
  }

  private SqsCore core(Recorder ids, long budget) {
    SqsBrokerConfig config = ElasticMq.config(prefix).build();
    SqsCore c = new SqsCore(SqsBroker.client(config, new ExecutionInterceptor() {}), config,
        ids, budget);
    open.add(c);
    return c;
  }

  private static Message job(String id) {
    return Message.of(id, id.getBytes(StandardCharsets.UTF_8), Map.of("h", "v " + id));
  }

  private static List<Delivery> fetch(SqsCore c, String q, int max, Duration wait)
      throws InterruptedException {
    return c.fetch(FetchRequest.of(q, max, LEASE, wait));
  }

  /** Fetches from {@code q} until {@code want} deliveries came, failing after {@code within}. */
  private static List<Delivery> awaitFetched(SqsCore c, String q, int want, Duration within) {
    List<Delivery> got = new ArrayList<>();
    await().atMost(within).until(() -> {
      got.addAll(fetch(c, q, want - got.size(), Duration.ofMillis(300)));
      return got.size() >= want;
    });
    return got;
  }

  /** The dead core leases {@code id}; the references it held then. */
  private List<String> leasedByDead(SqsCore dead, String id) {
    dead.publish(queue, List.of(job(id)));
    List<Delivery> got = awaitFetched(dead, queue, 1, Duration.ofSeconds(10));
    assertThat(got).extracting(Delivery::id).containsExactly(id);
    return List.copyOf(deadIds.held);
  }

  private void backlog(SqsCore c, int n) {
    List<Message> all = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      all.add(job("backlog-" + i));
    }
    c.publish(queue, all);
  }

  @Test
  void adoptedMessage_isTheLiveProcessesNextFetch_aheadOfTheBacklog() throws Exception {
    SqsCore dead = core(deadIds);
    SqsCore live = core(liveIds);
    List<String> refs = leasedByDead(dead, "orphan");
    assertThat(refs).singleElement().satisfies(r -> assertThat(r.split(" ")).hasSize(3));
    backlog(live, 30);
    List<Delivery> first = fetch(live, queue, 1, Duration.ofSeconds(2));
    assertThat(first).singleElement().satisfies(d -> assertThat(d.id()).startsWith("backlog-"));
    assertThat(live.ack(first.get(0))).isTrue();

    liveIds.adoptFrom(refs);

    assertThat(liveIds.held).hasSize(1); // held under the live process's own references
    List<Delivery> next = fetch(live, queue, 5, Duration.ofSeconds(2));
    assertThat(next).singleElement().satisfies(d -> {
      assertThat(d.id()).isEqualTo("orphan");
      assertThat(d.deliveryCount()).isEqualTo(2);
      assertThat(new String(d.body(), StandardCharsets.UTF_8)).isEqualTo("orphan");
      assertThat(d.headers()).containsEntry("h", "v orphan");
      assertThat(d.leaseExpiresAt()).isAfter(Instant.now().plusSeconds(20));
    });
    assertThat(live.ack(next.get(0))).isTrue();
    assertThat(liveIds.held).isEmpty();
  }

  @Test
  void adoptedMessage_wakesALongPollingFetch() throws Exception {
    SqsCore dead = core(deadIds);
    SqsCore live = core(liveIds);
    List<String> refs = leasedByDead(dead, "orphan");
    assertThat(fetch(live, queue, 1, Duration.ofMillis(200))).isEmpty();
    Thread.ofVirtual().start(() -> {
      await().pollDelay(Duration.ofMillis(300)).until(() -> true);
      liveIds.adoptFrom(refs);
    });
    long start = System.nanoTime();
    List<Delivery> got = fetch(live, queue, 1, Duration.ofSeconds(15));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertThat(got).extracting(Delivery::id).containsExactly("orphan");
    assertThat(live.ack(got.get(0))).isTrue();
  }

  @Test
  void refusedHandle_settledMeanwhile_nothingAdoptedNothingRuns() throws Exception {
    SqsCore dead = core(deadIds);
    SqsCore live = core(liveIds);
    dead.publish(queue, List.of(job("acked")));
    List<Delivery> got = awaitFetched(dead, queue, 1, Duration.ofSeconds(10));
    List<String> refs = List.copyOf(deadIds.held);
    assertThat(dead.ack(got.get(0))).isTrue();
    assertThat(fetch(live, queue, 1, Duration.ofMillis(200))).isEmpty();

    liveIds.adoptFrom(refs);

    assertThat(liveIds.held).isEmpty();
    assertThat(fetch(live, queue, 1, Duration.ofSeconds(1))).isEmpty();
  }

  @Test
  void pastTheBudget_referenceCarriesNoDelivery_messageMadeVisible() throws Exception {
    SqsCore dead = core(deadIds, 1);
    SqsCore live = core(liveIds);
    List<String> refs = leasedByDead(dead, "big");
    assertThat(fetch(live, queue, 1, Duration.ofMillis(200))).isEmpty();
    assertThat(refs).singleElement().satisfies(r -> assertThat(r.split(" ")).hasSize(2));

    liveIds.adoptFrom(refs);

    assertThat(liveIds.held).isEmpty(); // not adopted
    List<Delivery> again = awaitFetched(live, queue, 1, Duration.ofSeconds(5));
    assertThat(again).singleElement().satisfies(d -> {
      assertThat(d.id()).isEqualTo("big");
      assertThat(d.deliveryCount()).isEqualTo(2); // SQS's second receive
    });
    assertThat(live.ack(again.get(0))).isTrue();
  }

  @Test
  void budget_keepsDeliveriesOnlyWhileTheTotalFits() throws Exception {
    SqsCore dead = core(deadIds, 200);
    List<Message> jobs = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      jobs.add(job("j" + i));
    }
    dead.publish(queue, jobs);
    List<Delivery> got = awaitFetched(dead, queue, 10, Duration.ofSeconds(10));
    long withDelivery = deadIds.held.stream().filter(r -> r.split(" ").length == 3).count();
    long kept = deadIds.held.stream().filter(r -> r.split(" ").length == 3)
        .mapToLong(r -> r.split(" ")[2].length()).sum();
    assertThat(deadIds.held).hasSize(10);
    assertThat(withDelivery).isBetween(1L, 9L);
    assertThat(kept).isLessThanOrEqualTo(200);
    for (Delivery d : got) {
      assertThat(dead.ack(d)).isTrue();
    }
    assertThat(deadIds.held).isEmpty();
  }

  @Test
  void processThatDoesNotFetchTheQueue_doesNotAdopt_makesTheMessageVisible() throws Exception {
    Recorder producerIds = new Recorder();
    Recorder elsewhereIds = new Recorder();
    SqsCore dead = core(deadIds);
    SqsCore producer = core(producerIds);
    SqsCore elsewhere = core(elsewhereIds);
    producer.publish("other", List.of(job("unrelated")));
    List<String> refs = leasedByDead(dead, "orphan");
    SqsCore worker = core(new Recorder());
    assertThat(fetch(worker, queue, 1, Duration.ofMillis(200))).isEmpty();
    // A producer that never fetches does not ask for orphans: they go to a process that fetches.
    assertThat(producerIds.listening()).isFalse();
    List<Delivery> unrelated = fetch(elsewhere, "other", 1, Duration.ofSeconds(2));
    assertThat(unrelated).extracting(Delivery::id).containsExactly("unrelated");
    assertThat(refs).singleElement().satisfies(r -> assertThat(r.split(" ")).hasSize(3));

    elsewhereIds.adoptFrom(refs); // it fetches "other" only

    assertThat(elsewhereIds.held).hasSize(1); // its own "unrelated", nothing adopted
    List<Delivery> again = awaitFetched(worker, queue, 1, Duration.ofSeconds(5));
    assertThat(again).singleElement().satisfies(d -> {
      assertThat(d.id()).isEqualTo("orphan");
      assertThat(d.deliveryCount()).isEqualTo(2);
    });
    assertThat(worker.ack(again.get(0))).isTrue();
    assertThat(elsewhere.ack(unrelated.get(0))).isTrue();
  }

  @Test
  void closingTheAdopter_handsBackWhatItDidNotFetch() throws Exception {
    SqsCore dead = core(deadIds);
    SqsCore live = core(liveIds);
    SqsCore other = core(new Recorder());
    List<String> refs = leasedByDead(dead, "orphan");
    assertThat(fetch(live, queue, 1, Duration.ofMillis(200))).isEmpty();
    liveIds.adoptFrom(refs);
    assertThat(liveIds.held).hasSize(1);

    live.close();

    List<Delivery> again = awaitFetched(other, queue, 1, Duration.ofSeconds(5));
    assertThat(again).extracting(Delivery::id).containsExactly("orphan");
    assertThat(other.ack(again.get(0))).isTrue();
  }
}
