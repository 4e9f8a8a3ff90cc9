package dev.docket.tck;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * S3: atomicity under concurrency. Eight threads released together race set-if-absent,
 * increments, appends and compare-and-delete on one key; the results must be those of some
 * serial order.
 *
 * @since 0.3
 */
public abstract class StoreAtomicityContract extends StateStoreContract {

  private static final int THREADS = 8;

  /** Runs {@code body(i)} on 8 threads released together; returns their results in order. */
  private <T> List<T> race(IndexedCall<T> body) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < THREADS; i++) {
        int index = i;
        Callable<T> call = () -> {
          go.await();
          return body.call(index);
        };
        futures.add(pool.submit(call));
      }
      go.countDown();
      List<T> out = new ArrayList<>();
      for (Future<T> f : futures) {
        out.add(f.get(ctx.timeouts().bulk().toMillis(), TimeUnit.MILLISECONDS));
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  @FunctionalInterface
  private interface IndexedCall<T> {
    T call(int index) throws Exception;
  }

  @Test
  @Tag("required")
  @DisplayName("S3.1 of 8 threads racing putIfAbsent on one key exactly one wins, and its value"
      + " is stored")
  void s3_01_putIfAbsentRace() throws Exception {
    for (int round = 0; round < 20; round++) {
      String k = key("race-" + round);
      List<Boolean> won = race(i -> store.putIfAbsent(k, bytes("thread-" + i), Duration
          .ofMinutes(5)));
      assertThat(won.stream().filter(w -> w).count()).as("winners of round %s", round)
          .isEqualTo(1);
      assertValue(k, bytes("thread-" + won.indexOf(true)), "the winner's value");
    }
  }

  @Test
  @Tag("required")
  @DisplayName("S3.2 8 threads × 250 increments sum exactly, and no two return the same value")
  void s3_02_incrementRace() throws Exception {
    String k = key("sum");
    List<List<Long>> seen = race(i -> {
      List<Long> mine = new ArrayList<>();
      for (int n = 0; n < 250; n++) {
        mine.add(store.increment(k, 1, Duration.ofMinutes(5)));
      }
      return mine;
    });
    Set<Long> all = new HashSet<>();
    seen.forEach(all::addAll);
    assertThat(store.increment(k, 0, NO_TTL)).as("the sum").isEqualTo(THREADS * 250L);
    assertThat(all).as("every increment returns a value no other increment returned")
        .hasSize(THREADS * 250);
  }

  @Test
  @Tag("required")
  @DisplayName("S3.3 8 threads × 50 appends keep every element, each append returning a distinct"
      + " length")
  void s3_03_appendRace() throws Exception {
    String k = key("log");
    List<List<Long>> lengths = race(i -> {
      List<Long> mine = new ArrayList<>();
      for (int n = 0; n < 50; n++) {
        mine.add(store.append(k, bytes(i + "-" + n), Duration.ofMinutes(5)));
      }
      return mine;
    });
    Set<Long> all = new HashSet<>();
    lengths.forEach(all::addAll);
    assertThat(all).as("lengths returned").hasSize(THREADS * 50);
    List<String> elements = store.list(k).stream()
        .map(b -> new String(b, StandardCharsets.UTF_8)).toList();
    assertThat(elements).as("list after the race").hasSize(THREADS * 50)
        .doesNotHaveDuplicates();
    for (int i = 0; i < THREADS; i++) {
      String prefix = i + "-";
      List<Integer> mine = elements.stream().filter(e -> e.startsWith(prefix))
          .map(e -> Integer.parseInt(e.substring(prefix.length()))).toList();
      assertThat(mine).as("thread %s's elements, in its own order", i).isSorted().hasSize(50);
    }
  }

  @Test
  @Tag("required")
  @DisplayName("S3.4 of 8 threads racing compareAndDelete with the right bytes exactly one wins")
  void s3_04_compareAndDeleteRace() throws Exception {
    for (int round = 0; round < 20; round++) {
      String k = key("cad-" + round);
      store.put(k, bytes("token"), Duration.ofMinutes(5));
      List<Boolean> won = race(i -> store.compareAndDelete(k, bytes("token")));
      assertThat(won.stream().filter(w -> w).count()).as("winners of round %s", round)
          .isEqualTo(1);
      assertAbsent(k, "after the race");
    }
  }

  @Test
  @Tag("required")
  @DisplayName("S3.5 a lock built from putIfAbsent and compareAndDelete never has two holders")
  void s3_05_mutualExclusion() throws Exception {
    String k = key("mutex");
    AtomicInteger holders = new AtomicInteger();
    AtomicInteger maxHolders = new AtomicInteger();
    List<Integer> acquired = race(i -> {
      byte[] token = bytes("owner-" + i);
      int mine = 0;
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (mine < 25 && System.nanoTime() < deadline) {
        if (store.putIfAbsent(k, token, Duration.ofMinutes(5))) {
          maxHolders.accumulateAndGet(holders.incrementAndGet(), Math::max);
          holders.decrementAndGet();
          if (!store.compareAndDelete(k, token)) {
            throw new AssertionError("owner-" + i + " could not release its own lock");
          }
          mine++;
        }
      }
      return mine;
    });
    assertThat(maxHolders.get()).as("most holders at once").isEqualTo(1);
    assertThat(acquired.stream().mapToInt(Integer::intValue).sum())
        .as("acquisitions by 8 threads (each wants 25 within 5 s)").isPositive();
    assertThat(Arrays.asList(acquired.toArray())).hasSize(THREADS);
  }
}
