package dev.docket.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.EnqueuedJob;
import dev.docket.JobEvent;
import dev.docket.TaskType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * C5: a task's rate limit holds across all workers, measured per fixed window; a job over the
 * limit is rescheduled to a later window, not failed, and keeps its retries. See {@code
 * CONTRACT.md}.
 *
 * @since 0.1
 */
public abstract class RateLimitContract extends CoordinationContract {

  @Test
  @Tag("required")
  @DisplayName("C5.1 three workers start at most 3 jobs of a task per window, measured; jobs over"
      + " the limit run in later windows without using up retries")
  void c5_1_limitHoldsPerWindow() {
    String q = declared("main");
    int permits = 3;
    Duration window = time.controllable() ? Duration.ofMinutes(1) : Duration.ofSeconds(1);
    TaskType<TckArgs, String> task = TaskType.builder(taskName("limited"), TckArgs.class,
        String.class).queue(q).rateLimit(permits, window).maxRetries(0).build();
    List<Instant> starts = new CopyOnWriteArrayList<>();
    List<Integer> attempts = new CopyOnWriteArrayList<>();
    startWorkers(3, "tck-rate", q, 4, b -> b.listener(e -> {
      // Started carries the instant the gate admitted the job: the one the limit counts.
      if (e instanceof JobEvent.Started s && s.task().equals(task.name())) {
        starts.add(s.at());
      }
    }), task, (a, c) -> {
      attempts.add(c.attempt());
      return a.value();
    });
    int jobs = 9;
    List<EnqueuedJob> enqueued = enqueueAndDrive(q, task, jobs, window, attempts);
    Map<Long, Integer> perWindow = new TreeMap<>();
    for (Instant s : starts) {
      perWindow.merge(Math.floorDiv(s.toEpochMilli(), window.toMillis()), 1, Integer::sum);
    }
    assertThat(starts).as("starts of the task").hasSize(jobs);
    assertThat(perWindow.values()).as("starts per %s window %s", window, perWindow)
        .allMatch(n -> n <= permits);
    assertThat(perWindow).as("windows used by 9 jobs at 3 per window").hasSizeGreaterThanOrEqualTo(3);
    assertThat(attempts).as("attempt of every run (waiting for the window is not an attempt)")
        .containsOnly(1).hasSize(jobs);
    assertAllSucceeded(enqueued, q);
  }
}
