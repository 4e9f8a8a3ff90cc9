package dev.docket.broker.inmemory;

import dev.docket.spi.TimeSource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.docket.Docket;
import dev.docket.EnqueueOptions;
import dev.docket.TaskType;
import dev.docket.Worker;
import dev.docket.spi.Message;
import dev.docket.spi.PublishOutcome;
import dev.docket.tck.ForwardingBroker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 10.13, the runtime's half: whatever a broker or a clock does, a job never runs before the
 * eta its envelope names. The broker here delivers delayed jobs at once (as a broker whose server
 * clock runs ahead, or a coarse delay emulation, would); the worker re-checks the eta itself.
 */
class EarlyDeliveryTest {
  static final Duration BOUND = Duration.ofSeconds(15);
  static final TaskType<String, Void> NOTE = TaskType.builder("note", String.class, Void.class)
      .build();

  /** Publishes every message as due now: the early delivery a worker must not trust. */
  static final class IgnoresDelays extends ForwardingBroker {
    IgnoresDelays() {
      super(InMemoryBroker.create(TimeSource.system()));
    }

    @Override
    public List<PublishOutcome> publish(String queue, List<Message> messages) {
      return super.publish(queue, messages.stream()
          .map(m -> new Message(m.id(), m.body(), m.headers(), m.priority(), null)).toList());
    }
  }

  private final Docket docket = Docket.builder().broker(new IgnoresDelays()).build();

  @AfterEach
  void close() {
    docket.close();
  }

  /** A started worker for {@code NOTE} that records when each run starts. */
  private Worker startRecording(List<Instant> starts) {
    return docket.worker().handle(NOTE, (s, ctx) -> {
      starts.add(Instant.now());
      return null;
    }).start();
  }

  @Test
  void item13_jobDeliveredEarly_isHeldUntilItsEta() {
    List<Instant> starts = new CopyOnWriteArrayList<>();
    try (Worker w = startRecording(starts)) {
      Instant eta = Instant.now().plusMillis(1_500);
      docket.enqueue(NOTE, "later", EnqueueOptions.builder().eta(eta).build());
      await().atMost(BOUND).until(() -> starts.size() == 1);
      assertThat(starts.get(0)).as("start of a job due at %s", eta).isAfterOrEqualTo(eta);
    }
  }

  @Test
  void item13_jobDeliveredFarTooEarly_isHandedBackNotRun() {
    List<Instant> starts = new CopyOnWriteArrayList<>();
    try (Worker w = startRecording(starts)) {
      docket.enqueue(NOTE, "tomorrow",
          EnqueueOptions.builder().delay(Duration.ofHours(24)).build());
      // Delivered at once, handed back with the rest of its day (the release keeps its delay).
      await().atMost(BOUND).until(() -> docket.stats("default").delayed() == 1);
      assertThat(starts).as("runs of a job due tomorrow").isEmpty();
      assertThat(docket.stats("default").dead()).as("dead letters").isZero();
    }
  }
}
