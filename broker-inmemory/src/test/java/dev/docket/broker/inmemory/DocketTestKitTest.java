package dev.docket.broker.inmemory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.docket.EnqueueOptions;
import dev.docket.FailureReason;
import dev.docket.JobEvent;
import dev.docket.JobId;
import dev.docket.JobState;
import dev.docket.NonRetryableException;
import dev.docket.RetryPolicy;
import dev.docket.Task;
import dev.docket.TaskType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DocketTestKitTest {
  record Greeting(String name) {}

  static final TaskType<Greeting, String> GREET =
      TaskType.builder("greet", Greeting.class, String.class)
          .retryPolicy(RetryPolicy.builder().maxRetries(2).initialBackoff(Duration.ofMinutes(1))
              .jitter(0).build())
          .build();

  @Test
  void delayedJob_runsOnlyAfterTheClockPassesItsDueTime() {
    List<String> seen = new ArrayList<>();
    try (DocketTestKit kit = DocketTestKit.create()) {
      kit.handle(GREET, (g, ctx) -> {
        seen.add(g.name());
        return "hi " + g.name();
      });
      JobId id = kit.docket().enqueue(GREET, new Greeting("ada"),
          EnqueueOptions.builder().delay(Duration.ofHours(1)).build()).id();

      assertThat(kit.runDue()).isZero();
      assertThat(kit.advance(Duration.ofMinutes(59))).isZero();
      assertThat(kit.state(id)).isEqualTo(JobState.PENDING);
      assertThat(kit.advance(Duration.ofMinutes(1))).isEqualTo(1);

      assertThat(seen).containsExactly("ada");
      assertThat(kit.state(id)).isEqualTo(JobState.SUCCESS);
      assertThat(kit.events(JobEvent.Succeeded.class).get(0).result()).isEqualTo("hi ada");
    }
  }

  @Test
  void failingJob_retriesWithBackoffThenLandsInTheDeadLetterQueue() {
    try (DocketTestKit kit = DocketTestKit.create()) {
      kit.handle(GREET, (g, ctx) -> {
        throw new IllegalStateException("smtp down on attempt " + ctx.attempt());
      });
      JobId id = kit.docket().enqueue(GREET, new Greeting("bob")).id();

      assertThat(kit.runDue()).isEqualTo(1);
      assertThat(kit.state(id)).isEqualTo(JobState.RETRY);
      assertThat(kit.advance(Duration.ofSeconds(59))).isZero();
      assertThat(kit.advance(Duration.ofSeconds(1))).isEqualTo(1);
      assertThat(kit.advance(Duration.ofMinutes(2))).isEqualTo(1);

      assertThat(kit.state(id)).isEqualTo(JobState.FAILURE);
      var dead = kit.deadJobs("default");
      assertThat(dead).singleElement().satisfies(d -> {
        assertThat(d.id()).isEqualTo(id);
        assertThat(d.failure().reason()).isEqualTo(FailureReason.RETRIES_EXHAUSTED);
        assertThat(d.failure().attempts()).isEqualTo(3);
        assertThat(d.failure().message()).isEqualTo("smtp down on attempt 3");
        assertThat(d.failure().stackTrace()).contains("IllegalStateException");
      });
      assertThat(kit.events(JobEvent.Retried.class)).extracting(JobEvent.Retried::delay)
          .containsExactly(Duration.ofMinutes(1), Duration.ofMinutes(2));
    }
  }

  @Test
  void replayedDeadJob_runsAgainAndSucceeds() {
    boolean[] broken = {true};
    try (DocketTestKit kit = DocketTestKit.create()) {
      kit.handle(GREET, (g, ctx) -> {
        if (broken[0]) {
          throw new NonRetryableException("bad template");
        }
        return "ok";
      });
      JobId id = kit.docket().enqueue(GREET, new Greeting("cy")).id();
      kit.runDue();
      assertThat(kit.state(id)).isEqualTo(JobState.FAILURE);

      broken[0] = false;
      assertThat(kit.docket().deadLetters("default").replay(id)).isTrue();
      assertThat(kit.runDue()).isEqualTo(1);
      assertThat(kit.state(id)).isEqualTo(JobState.SUCCESS);
      assertThat(kit.deadJobs("default")).isEmpty();
    }
  }

  public static final class Handlers {
    final List<Integer> sums = new ArrayList<>();

    @Task(name = "sum", maxRetries = 0)
    public int sum(int[] numbers) {
      int s = 0;
      for (int n : numbers) {
        s += n;
      }
      sums.add(s);
      return s;
    }
  }

  @Test
  void annotatedHandler_runsByTaskName() {
    Handlers handlers = new Handlers();
    try (DocketTestKit kit = DocketTestKit.create()) {
      kit.register(handlers);
      kit.docket().enqueue("sum", new int[] {1, 2, 3}, EnqueueOptions.defaults());
      assertThat(kit.runDue()).isEqualTo(1);
      assertThat(handlers.sums).containsExactly(6);
    }
  }

  @Test
  void configureAfterStart_isRefused() {
    try (DocketTestKit kit = DocketTestKit.create()) {
      kit.handle(GREET, (g, ctx) -> "x").configureWorker(b -> b.random(new Random(1)));
      kit.runDue();
      assertThatThrownBy(() -> kit.queues("other")).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("before the first runDue");
    }
  }
}
