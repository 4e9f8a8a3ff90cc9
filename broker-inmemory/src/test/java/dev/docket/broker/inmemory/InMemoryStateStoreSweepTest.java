package dev.docket.broker.inmemory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.testing.ManualClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class InMemoryStateStoreSweepTest {

  private static final byte[] V = "v".getBytes(StandardCharsets.US_ASCII);

  @Test
  void expiredKeysNobodyReadsAgainAreDroppedByLaterWrites() {
    ManualClock clock = new ManualClock();
    InMemoryStateStore store = InMemoryStateStore.create(clock);
    store.put("kept", V, null);
    // Finished cron ticks, idempotency keys, results: written once with a TTL, never read.
    for (int i = 0; i < 50_000; i++) {
      store.put("tick-" + i, V, Duration.ofMinutes(1));
    }
    clock.advance(Duration.ofMinutes(2));
    for (int i = 0; i < 60_000; i++) {
      assertThat(store.putIfAbsent("later-" + i, V, Duration.ofHours(1))).isTrue();
    }
    // Every expired key went in a sweep; nothing live did.
    assertThat(store.held()).isEqualTo(1 + 60_000);
    assertThat(store.get("kept")).isPresent();
    assertThat(store.get("later-59999")).isPresent();
    assertThat(store.get("tick-1")).isEmpty();
  }

  @Test
  void aSweepNeverDropsALiveKey() {
    ManualClock clock = new ManualClock();
    InMemoryStateStore store = InMemoryStateStore.create(clock);
    for (int i = 0; i < 10_000; i++) {
      store.increment("n-" + i, 1, Duration.ofSeconds(10));
    }
    clock.advance(Duration.ofSeconds(9));
    for (int i = 0; i < 20_000; i++) {
      store.append("l-" + i, V, Duration.ofSeconds(10));
    }
    assertThat(store.held()).isEqualTo(30_000);
    assertThat(store.size()).isEqualTo(30_000);
  }
}
