package dev.docket.broker.inmemory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.docket.spi.Broker;
import dev.docket.spi.BrokerConfig;
import dev.docket.spi.Delivery;
import dev.docket.spi.FetchRequest;
import dev.docket.spi.Headers;
import dev.docket.spi.Message;
import dev.docket.spi.TimeSource;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The broker asks its time source, not the source's type: a controllable source that is neither a
 * {@code ManualClock} nor a {@code Clock} makes it declare {@code controllableClock} and wakes a
 * blocked fetch when it moves, also when handed over as a {@code BrokerConfig} clock.
 */
class TimeSourceSeamTest {

  /** A hand-moved source written from the interface alone. */
  static final class SteppedSource implements TimeSource {
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile Instant now = Instant.parse("2031-01-01T00:00:00Z");

    void step(Duration d) {
      now = now.plus(d);
      listeners.forEach(Runnable::run);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public long nanoTime() {
      return System.nanoTime();
    }

    @Override
    public boolean controllable() {
      return true;
    }

    @Override
    public Subscription onChange(Runnable listener) {
      Runnable entry = () -> listener.run();
      listeners.add(entry);
      return () -> listeners.remove(entry);
    }
  }

  @Test
  void controllability_comesFromTheSource() {
    try (InMemoryBroker real = InMemoryBroker.create(TimeSource.system());
        InMemoryBroker stepped = InMemoryBroker.create(new SteppedSource())) {
      assertThat(real.capabilities().controllableClock()).isFalse();
      assertThat(stepped.capabilities().controllableClock()).isTrue();
    }
  }

  @Test
  void aSourcePassedAsABrokerConfigClockStaysControllable() throws Exception {
    SteppedSource source = new SteppedSource();
    BrokerConfig config = new BrokerConfig(URI.create("memory:///"), Map.of(), source.clock());
    assertThat(config.time().controllable()).isTrue();
    try (Broker broker = new InMemoryBrokerProvider().create(config)) {
      assertThat(broker.capabilities().controllableClock()).isTrue();
      blockedFetchWakesWhenTheSourceMoves(broker, source);
    }
  }

  private static void blockedFetchWakesWhenTheSourceMoves(Broker broker, SteppedSource source)
      throws Exception {
    broker.declareQueue("seam");
    Message due = Message.of("seam-1", new byte[] {1}, Map.of(Headers.TASK, "t"))
        .withNotBefore(source.instant().plus(Duration.ofHours(1)));
    broker.publish("seam", List.of(due));
    CompletableFuture<List<Delivery>> fetched = CompletableFuture.supplyAsync(() -> {
      try {
        return broker.fetch(FetchRequest.of("seam", 1, Duration.ofMinutes(5),
            Duration.ofSeconds(30)));
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    source.step(Duration.ofMinutes(59));
    source.step(Duration.ofMinutes(1));
    List<Delivery> got = await().atMost(Duration.ofSeconds(10)).until(() -> fetched.getNow(null),
        d -> d != null);
    assertThat(got).extracting(Delivery::id).containsExactly("seam-1");
  }
}
