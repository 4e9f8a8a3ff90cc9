package dev.docket.tck.selftest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.docket.QueueStats;
import dev.docket.tck.fault.Accounting;
import dev.docket.tck.fault.RunLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault kit's accounting (rule F0) fails on the run records a wrong broker leaves behind,
 * naming the rule and the broken promise. The records are written as the worker processes write
 * them ({@code runs-*.log}); the kill happens at t = 10,000 ms on pid 1.
 */
class FaultAccountingTest {

  private static final QueueStats DRAINED = QueueStats.empty("q");
  private static final Instant KILL = Instant.ofEpochMilli(10_000);

  @TempDir Path dir;

  @Test
  @DisplayName("a broker that acks before running loses the killed worker's running job: F1 fails (lost)")
  void acksBeforeRunning_failsF1AsLost() throws IOException {
    // Job b was running on pid 1 when it was killed; the broker had acked it at delivery, so
    // no lease expired and nobody ran it again.
    write("w1", "S a 1 1000", "E a 1 1100", "S b 1 9000");
    write("w2", "S c 2 1000", "E c 2 1100");
    assertDrainedCheckFails(Accounting.of("F1.1", Set.of("a", "b", "c"))
        .deaths(Map.of(1L, KILL)).lease(Duration.ofSeconds(5)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("F1.1 (F0.1)").hasMessageContaining("never completed a run (lost)")
        .hasMessageContaining("b");
  }

  @Test
  @DisplayName("a broker that loses a message on reconnect: F3 fails (lost)")
  void losesOnReconnect_failsF3AsLost() throws IOException {
    write("w1", "S a 1 1000", "E a 1 1100");
    assertDrainedCheckFails(Accounting.of("F3.1", Set.of("a", "b"))
        .faultWindow(Instant.ofEpochMilli(900), Instant.ofEpochMilli(2_000)))
        .hasMessageContaining("F3.1").hasMessageContaining("1 of 2 jobs never completed");
  }

  @Test
  @DisplayName("a broker that never re-delivers after a crash: F1 fails (lost)")
  void neverRedelivers_failsF1AsLost() throws IOException {
    write("w1", "S a 1 9000");
    assertDrainedCheckFails(Accounting.of("F1.1", Set.of("a")).deaths(Map.of(1L, KILL)))
        .hasMessageContaining("F1.1").hasMessageContaining("never completed a run (lost)");
  }

  @Test
  @DisplayName("a broker whose stats keep a ghost in flight fails F0.2 (stranded)")
  void ghostInFlight_failsAsStranded() throws IOException {
    write("w1", "S a 1 1000", "E a 1 1100");
    QueueStats stuck = new QueueStats("q", 0, 0, 1, 0, null);
    assertThatThrownBy(() -> Accounting.of("F1.1", Set.of("a"))
        .check(RunLog.read(dir), stuck, Set.of()))
        .hasMessageContaining("F1.1 (F0.2)").hasMessageContaining("nothing stranded");
  }

  @Test
  @DisplayName("bystanders of a poison job in the DLQ fail F5 (DLQ content)")
  void bystanderDeadLettered_failsF5() throws IOException {
    write("w1", "S p 1 1000", "S a 1 1000");
    write("w2", "S a 2 5000", "E a 2 5100");
    assertThatThrownBy(() -> Accounting.of("F5.1", Set.of("p", "a", "b"))
        .deaths(Map.of(1L, Instant.ofEpochMilli(1_001))).deadLetters(Set.of("p"))
        .check(RunLog.read(dir), DRAINED, Set.of("p", "b")))
        .hasMessageContaining("F5.1");
  }

  @Test
  @DisplayName("a second run while the first still runs and heartbeats: F4 fails (overlap)")
  void runsTwiceAtOnce_failsF4() throws IOException {
    write("w1", "S a 1 1000", "E a 1 31000");
    write("w2", "S a 2 12000", "E a 2 42000");
    assertDrainedCheckFails(Accounting.of("F4.1", Set.of("a")).lease(Duration.ofSeconds(10))
        .strict())
        .hasMessageContaining("F4.1 (F0.3)").hasMessageContaining("ran again");
  }

  @Test
  @DisplayName("a duplicate with no fault to excuse it fails F0.3")
  void duplicateWithoutFault_fails() throws IOException {
    write("w1", "S a 1 1000", "E a 1 1100", "S a 1 5000", "E a 1 5100");
    assertDrainedCheckFails(Accounting.of("F2.1", Set.of("a")).lease(Duration.ofSeconds(5)))
        .hasMessageContaining("F2.1 (F0.3)")
        .hasMessageContaining("ran again although no lease of theirs was lost");
  }

  @Test
  @DisplayName("a killed worker's job run again after its lease passes, with the figures")
  void killedAndRerun_passes() throws IOException {
    write("w1", "S a 1 9000");
    write("w2", "S a 2 15000", "E a 2 15100", "S b 2 1000", "E b 2 1100");
    Accounting.Tally tally = Accounting.of("F1.1", Set.of("a", "b"))
        .deaths(Map.of(1L, KILL)).lease(Duration.ofSeconds(5))
        .check(RunLog.read(dir), DRAINED, Set.of());
    assertThat(tally.duplicates()).isEqualTo(1);
    assertThat(tally.maxOverlap()).isZero();
  }

  private void write(String worker, String... lines) throws IOException {
    Files.writeString(dir.resolve("runs-" + worker + ".log"), String.join("\n", lines) + "\n");
  }

  /** Checks the written logs with {@code accounting} against a drained queue; it must fail. */
  private AbstractThrowableAssert<?, ? extends Throwable> assertDrainedCheckFails(
      Accounting accounting) {
    return assertThatThrownBy(() -> accounting.check(RunLog.read(dir), DRAINED, Set.of()));
  }
}
