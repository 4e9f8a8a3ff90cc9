package dev.docket.broker.inmemory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.docket.Docket;
import dev.docket.EnqueueOptions;
import dev.docket.HealthReport;
import dev.docket.HealthThresholds;
import dev.docket.InvalidConfigException;
import dev.docket.testing.ManualClock;
import dev.docket.PayloadTooLargeException;
import dev.docket.TaskType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InMemoryBrokerProviderTest {
  static final TaskType<String, Void> T = TaskType.of("t", String.class);

  @Test
  void connect_memoryUri_findsTheProviderThroughServiceLoader() {
    try (Docket docket = Docket.connect("memory://")) {
      assertThat(docket.broker()).isInstanceOf(InMemoryBroker.class);
      docket.enqueue(T, "x");
      assertThat(docket.stats("default").ready()).isEqualTo(1);
    }
  }

  @Test
  void fromConfig_readsTheSameKeysAsTheEnvironment() {
    try (Docket docket = Docket.fromConfig(Map.of("docket.broker.uri", "memory://",
        "docket.broker.option.maxMessageBytes", "64"))) {
      assertThat(docket.broker().capabilities().maxMessageBytes()).isEqualTo(64);
    }
  }

  @Test
  void oversizePayload_isRefusedBeforeAnythingIsStored() {
    try (Docket docket = Docket.connect("memory://?maxMessageBytes=200")) {
      assertThatThrownBy(() -> docket.enqueue(T, "x".repeat(500)))
          .isInstanceOf(PayloadTooLargeException.class)
          .hasMessageContaining("at most 200");
      assertThat(docket.stats("default").total()).isZero();
    }
  }

  @Test
  void badOptions_areAllReportedAtOnce() {
    assertThatThrownBy(() -> Docket.connect("memory://somehost?maxMessageBytes=lots&bogus=1"))
        .isInstanceOfSatisfying(InvalidConfigException.class,
            e -> assertThat(e.problems()).hasSize(3))
        .hasMessageContaining("'lots'")
        .hasMessageContaining("'bogus' is unknown")
        .hasMessageContaining("names a host");
  }

  @Test
  void unknownScheme_namesTheModuleToAdd() {
    assertThatThrownBy(() -> Docket.connect("redis://:secret@localhost:6379"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("docket-broker-redis")
        .hasMessageContaining("memory [memory]")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret"));
  }

  @Test
  void enqueueAll_flagsDuplicateIdsAndSpansQueues() {
    try (Docket docket = Docket.connect("memory://")) {
      var jobs = docket.enqueueAll(List.of(
          dev.docket.JobRequest.of(T, "a", EnqueueOptions.builder().jobId("k1").build()),
          dev.docket.JobRequest.of(T, "b", EnqueueOptions.builder().jobId("k1").build()),
          dev.docket.JobRequest.of(T, "c", EnqueueOptions.builder().queue("low").build())));
      assertThat(jobs).extracting(dev.docket.EnqueuedJob::duplicate)
          .containsExactly(false, true, false);
      assertThat(docket.stats("default").ready()).isEqualTo(1);
      assertThat(docket.stats("low").ready()).isEqualTo(1);
    }
  }

  @Test
  void health_reportsEveryBrokenThreshold() {
    ManualClock clock = new ManualClock();
    try (Docket docket = Docket.builder().uri("memory://").clock(clock).build()) {
      docket.enqueue(T, "a");
      docket.enqueue(T, "b");
      clock.advance(Duration.ofMinutes(10));
      HealthReport report = docket.health(new HealthThresholds(1, Duration.ofMinutes(5), 0),
          "default");
      assertThat(report.healthy()).isFalse();
      assertThat(report.problems()).containsExactly(
          "queue 'default' has 2 ready jobs, above the limit of 1",
          "queue 'default': the oldest ready job has waited PT10M, above the limit of PT5M");
      assertThat(report.queues().get(0).oldestReadyAge()).isEqualTo(Duration.ofMinutes(10));
      assertThat(docket.health(new HealthThresholds(10, Duration.ofHours(1), 0), "default")
          .healthy()).isTrue();
    }
  }
}
