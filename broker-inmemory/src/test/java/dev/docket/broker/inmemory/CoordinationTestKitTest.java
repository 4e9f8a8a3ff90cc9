package dev.docket.broker.inmemory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.docket.Docket;
import dev.docket.EnqueueOptions;
import dev.docket.InvalidConfigException;
import dev.docket.JobId;
import dev.docket.JobState;
import dev.docket.OnConflict;
import dev.docket.Task;
import dev.docket.TaskType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Coordination options declared with {@link Task}, driven by the test kit's manual clock. */
class CoordinationTestKitTest {

  /** Annotated handlers using every coordination option. */
  public static final class Handlers {
    final List<String> charged = new ArrayList<>();
    final List<String> reports = new ArrayList<>();

    @Task(name = "charge", idempotencyTtl = "PT1H")
    public String charge(Map<String, Object> order) {
      charged.add(String.valueOf(order.get("id")));
      return "receipt-" + charged.size();
    }

    @Task(name = "report", singleton = true, onConflict = OnConflict.SKIP, maxConcurrency = 1,
        rateLimit = 2, rateWindow = "PT1M")
    public void report(String name) {
      reports.add(name);
    }
  }

  @Test
  void idempotencyTtl_equalArgumentsInAnyKeyOrder_runOnceAndShareTheResult() {
    try (DocketTestKit kit = DocketTestKit.create()) {
      Handlers h = new Handlers();
      kit.register(h);
      Docket d = kit.docket();
      JobId first = d.enqueue("charge", Map.of("id", 7, "amount", 10),
          EnqueueOptions.defaults()).id();
      JobId second = d.enqueue("charge", new java.util.TreeMap<>(Map.of("amount", 10, "id", 7)),
          EnqueueOptions.defaults()).id();
      JobId other = d.enqueue("charge", Map.of("id", 8, "amount", 10),
          EnqueueOptions.defaults()).id();
      assertThat(kit.runDue()).isEqualTo(3);
      assertThat(h.charged).containsExactly("7", "8");
      assertThat(d.job(second).result(Duration.ZERO)).isEqualTo(d.job(first)
          .result(Duration.ZERO)).isEqualTo("receipt-1");
      assertThat(d.job(other).result(Duration.ZERO)).isEqualTo("receipt-2");
      kit.advance(Duration.ofHours(1).plusSeconds(1));
      d.enqueue("charge", Map.of("id", 7, "amount", 10), EnqueueOptions.defaults());
      assertThat(kit.runDue()).isEqualTo(1);
      assertThat(h.charged).as("after the TTL the body runs again").containsExactly("7", "8", "7");
    }
  }

  @Test
  void rateLimit_overTheLimit_runsInTheNextWindowWithoutUsingRetries() {
    try (DocketTestKit kit = DocketTestKit.create()) {
      Handlers h = new Handlers();
      kit.register(h);
      for (int i = 0; i < 5; i++) {
        kit.docket().enqueue("report", "r" + i, EnqueueOptions.defaults());
      }
      kit.runDue();
      assertThat(h.reports).as("first window").hasSize(2);
      kit.advance(Duration.ofMinutes(1));
      assertThat(h.reports).as("second window").hasSize(4);
      kit.advance(Duration.ofMinutes(1));
      assertThat(h.reports).as("third window").hasSize(5);
      assertThat(kit.states().values()).containsOnly(JobState.SUCCESS);
    }
  }

  @Test
  void badRateWindow_failsRegistrationNamingTheField() {
    class Bad {
      @Task(name = "bad", rateLimit = 1, rateWindow = "every minute")
      public void bad(String s) {}
    }
    try (DocketTestKit kit = DocketTestKit.create()) {
      assertThatThrownBy(() -> kit.register(new Bad())).isInstanceOf(InvalidConfigException.class)
          .hasMessageContaining("rateWindow").hasMessageContaining("every minute");
    }
  }

  @Test
  void recordStatesOff_jobsRunButHandlesAreRefused() {
    InMemoryBroker broker = InMemoryBroker.create(new dev.docket.testing.ManualClock());
    try (Docket d = Docket.builder().broker(broker).store(InMemoryStateStore.create())
        .recordStates(false).build()) {
      TaskType<String, String> t = TaskType.of("t", String.class, String.class);
      JobId id = d.enqueue(t, "x").id();
      assertThat(d.worker().handle(t, (a, c) -> a).build().runDue()).isEqualTo(1);
      assertThatThrownBy(() -> d.job(id)).isInstanceOf(InvalidConfigException.class)
          .hasMessageContaining("recordStates(false)");
    }
  }
}
