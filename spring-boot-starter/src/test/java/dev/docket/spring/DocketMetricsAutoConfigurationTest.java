package dev.docket.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.docket.Docket;
import dev.docket.Task;
import dev.docket.TaskType;
import dev.docket.micrometer.DocketMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class DocketMetricsAutoConfigurationTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(DocketMetricsAutoConfiguration.class,
          DocketAutoConfiguration.class));

  /** A task bean. */
  public static class Greeter {
    @Task(name = "greet", queue = "hello")
    public void greet(String name) {}
  }

  @Test
  void jobsAreCountedInTheApplicationsRegistry() {
    runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .withBean(Greeter.class)
        .withPropertyValues("docket.worker.queues=hello")
        .run(context -> {
          assertThat(context).hasSingleBean(DocketMetrics.class);
          MeterRegistry registry = context.getBean(MeterRegistry.class);
          context.getBean(Docket.class).enqueue(
              TaskType.of("greet", String.class).toBuilder().queue("hello").build(), "ada");
          await().atMost(Duration.ofSeconds(10)).until(() -> count(registry,
              "docket.jobs.succeeded") == 1.0);
          assertThat(count(registry, "docket.jobs.enqueued")).isEqualTo(1.0);
          // The outcome comes after the settlement, a moment after the succeeded event.
          await().atMost(Duration.ofSeconds(10)).until(() -> registry.find("docket.job.duration")
              .tag("outcome", "success").timer() != null);
          assertThat(registry.find("docket.job.duration").tag("outcome", "success").timer()
              .count()).isEqualTo(1L);
          assertThat(registry.find("docket.worker.concurrency").gauge()).as("worker gauge")
              .isNotNull();
          assertThat(registry.find("docket.queue.ready").tag("queue", "hello").gauge())
              .as("queue gauge").isNotNull();
        });
  }

  @Test
  void withoutARegistry_nothingBreaks() {
    runner.withBean(Greeter.class).run(context -> {
      assertThat(context).hasNotFailed().hasSingleBean(DocketMetrics.class);
      assertThat(context.getBean(DocketMetricsBinding.class).isRunning()).isTrue();
    });
  }

  private static double count(MeterRegistry registry, String name) {
    var counter = registry.find(name).counter();
    return counter == null ? 0 : counter.count();
  }
}
