package dev.docket.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.WorkerInfo;
import dev.docket.testing.ManualClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The heartbeat record's stored form and the listing over day lists, on a map store. */
class WorkerDirectoryTest {

  private static final Instant NOW = Instant.parse("2026-03-02T00:30:00Z");

  private static WorkerInfo info(String id) {
    return new WorkerInfo(id, "host-1", 42, List.of("high", "low"), 8, 3,
        NOW.minusSeconds(60), NOW, "1.2.3");
  }

  @Test
  void recordRoundTrips_andTheFormatIsPinned() {
    byte[] bytes = WorkerDirectory.encode(info("w1"));
    assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("{\"workerId\":\"w1\","
        + "\"host\":\"host-1\",\"pid\":42,\"queues\":[\"high\",\"low\"],\"concurrency\":8,"
        + "\"busy\":3,\"started\":\"2026-03-02T00:29:00Z\",\"lastSeen\":\"2026-03-02T00:30:00Z\","
        + "\"version\":\"1.2.3\"}");
    assertThat(WorkerDirectory.decode("w1", bytes)).contains(info("w1"));
    assertThat(info("w1").idle()).isEqualTo(5);
  }

  @Test
  void unreadableRecord_isSkipped_unknownFieldsIgnored() {
    assertThat(WorkerDirectory.decode("w", "not json".getBytes(StandardCharsets.UTF_8)))
        .isEmpty();
    assertThat(WorkerDirectory.decode("w", "{\"workerId\":\"w\"}".getBytes(
        StandardCharsets.UTF_8))).as("no times").isEmpty();
    String newer = "{\"workerId\":\"w\",\"started\":\"2026-03-02T00:29:00Z\","
        + "\"lastSeen\":\"2026-03-02T00:30:00Z\",\"future\":1}";
    assertThat(WorkerDirectory.decode("w", newer.getBytes(StandardCharsets.UTF_8)))
        .hasValueSatisfying(w -> assertThat(w.workerId()).isEqualTo("w"));
  }

  @Test
  void list_readsTodayAndYesterday_dedupsSortsAndDropsGoneWorkers() {
    MapStore store = new MapStore();
    LocalDate today = LocalDate.parse("2026-03-02");
    for (String id : List.of("w3", "w1", "gone")) {
      store.append(StoreKeys.workerDay(today.minusDays(1)), id.getBytes(StandardCharsets.UTF_8),
          null);
    }
    store.append(StoreKeys.workerDay(today), "w1".getBytes(StandardCharsets.UTF_8), null);
    store.append(StoreKeys.workerDay(today.minusDays(2)), "old".getBytes(StandardCharsets.UTF_8),
        null);
    for (String id : List.of("w1", "w3", "old")) {
      store.put(StoreKeys.workerBeat(id), WorkerDirectory.encode(info(id)), null);
    }
    assertThat(WorkerDirectory.list(store, NOW)).extracting(WorkerInfo::workerId)
        .containsExactly("w1", "w3");
  }

  @Test
  void heartbeat_writesAtStart_listsItsDay_andDeletesOnClose() {
    MapStore store = new MapStore();
    ManualClock time = new ManualClock(NOW);
    WorkerHeartbeat beat = new WorkerHeartbeat(store, time, "w9", List.of("q"), 2,
        () -> 1, Duration.ofSeconds(5));
    try (ClockScheduler timers = new ClockScheduler(time, "test-timers")) {
      beat.start(timers);
      assertThat(store.ttl(StoreKeys.workerBeat("w9"))).isEqualTo(Duration.ofSeconds(15));
      WorkerInfo w = WorkerDirectory.list(store, NOW).get(0);
      assertThat(w).extracting(WorkerInfo::workerId, WorkerInfo::busy, WorkerInfo::concurrency,
          WorkerInfo::lastSeen).containsExactly("w9", 1, 2, NOW);
      assertThat(w.pid()).isEqualTo(ProcessHandle.current().pid());
      beat.close();
      assertThat(WorkerDirectory.list(store, NOW)).isEmpty();
      beat.beat();
      assertThat(WorkerDirectory.list(store, NOW)).as("no beat after close").isEmpty();
    }
  }
}
