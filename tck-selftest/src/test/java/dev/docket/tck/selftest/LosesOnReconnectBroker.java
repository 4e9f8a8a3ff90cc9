package dev.docket.tck.selftest;

import dev.docket.JobFailure;
import dev.docket.QueueStats;
import dev.docket.spi.Broker;
import dev.docket.spi.Delivery;
import dev.docket.spi.FetchRequest;
import dev.docket.spi.Message;
import dev.docket.spi.PublishOutcome;
import dev.docket.tck.ForwardingBroker;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Loses messages on reconnect: once a call has failed (the connection broke), every fetch that
 * brings deliveries in the {@link #DROP_WINDOW} after the first one acknowledges them and hands
 * out nothing, as a client that drops what it receives while its connection is re-established
 * while the server counts it as consumed. The fault kit must fail F2 (server restart) naming F0.1.
 *
 * <p>It also sees the restart itself: before handing out a fetch it reads the server's {@code
 * run_id} over a connection of its own, and a changed one is a reconnect. A failed call alone was
 * not enough: Lettuce queues the commands of a dropped connection and sends them again once it is
 * back, so through a 3 s restart often no call failed and the self-test saw nothing lost.
 */
final class LosesOnReconnectBroker extends ForwardingBroker {

  /**
   * How long after a reconnect every fetched delivery is dropped. Dropping only the first batch
   * was not sure to lose a job: in one CI run that batch held only jobs of an enqueue whose reply
   * the restart cut, which the producer then sent again, so they ran after all.
   */
  private static final Duration DROP_WINDOW = Duration.ofSeconds(2);

  private final AtomicBoolean broken = new AtomicBoolean();
  private volatile long dropUntil;
  private volatile boolean dropping;
  private final RedisClient client;
  private final StatefulRedisConnection<String, String> info;
  private final AtomicReference<String> runId = new AtomicReference<>();

  /** Wraps {@code delegate}, the Redis broker at {@code server} (host and port are used). */
  LosesOnReconnectBroker(Broker delegate, URI server) {
    super(delegate);
    this.client = RedisClient.create(RedisURI.create(server.getHost(), server.getPort()));
    this.info = client.connect();
    runId.set(runId());
  }

  /** The server's run id: a new one after every restart. */
  private String runId() {
    String text = info.sync().info("server");
    for (String line : text.split("\r?\n")) {
      if (line.startsWith("run_id:")) {
        return line.substring("run_id:".length()).trim();
      }
    }
    throw new IllegalStateException("INFO server has no run_id");
  }

  /** Marks the connection broken when the server restarted since the last look. */
  private void checkRestart() {
    try {
      String now = runId();
      String before = runId.getAndSet(now);
      if (before != null && !before.equals(now)) {
        broken.set(true);
      }
    } catch (RuntimeException e) {
      broken.set(true); // the server is away: what comes next comes after a reconnect
    }
  }

  @Override
  public List<Delivery> fetch(FetchRequest request) throws InterruptedException {
    List<Delivery> fetched;
    try {
      fetched = delegate().fetch(request);
    } catch (RuntimeException e) {
      broken.set(true);
      throw e;
    }
    if (fetched.isEmpty()) {
      return fetched;
    }
    checkRestart();
    long now = System.nanoTime();
    if (broken.compareAndSet(true, false)) {
      dropUntil = now + DROP_WINDOW.toNanos();
      dropping = true;
    }
    if (dropping && now - dropUntil < 0) {
      fetched.forEach(delegate()::ack);
      return List.of();
    }
    return fetched;
  }

  @Override
  public List<PublishOutcome> publish(String queue, List<Message> messages) {
    return watch(() -> delegate().publish(queue, messages));
  }

  @Override
  public boolean ack(Delivery delivery) {
    return watch(() -> delegate().ack(delivery));
  }

  @Override
  public boolean release(Delivery delivery, Duration delay) {
    return watch(() -> delegate().release(delivery, delay));
  }

  @Override
  public boolean extendLease(Delivery delivery, Duration lease) {
    return watch(() -> delegate().extendLease(delivery, lease));
  }

  @Override
  public List<Boolean> extendLeases(List<Delivery> deliveries, Duration lease) {
    return watch(() -> delegate().extendLeases(deliveries, lease));
  }

  @Override
  public boolean deadLetter(Delivery delivery, JobFailure failure) {
    return watch(() -> delegate().deadLetter(delivery, failure));
  }

  @Override
  public QueueStats stats(String queue) {
    return watch(() -> delegate().stats(queue));
  }

  @Override
  public void close() {
    try {
      super.close();
    } finally {
      info.close();
      client.shutdown();
    }
  }

  /** Runs {@code call}; a failure marks the connection broken, so the next fetch loses. */
  private <T> T watch(Supplier<T> call) {
    try {
      return call.get();
    } catch (RuntimeException e) {
      broken.set(true);
      throw e;
    }
  }
}
