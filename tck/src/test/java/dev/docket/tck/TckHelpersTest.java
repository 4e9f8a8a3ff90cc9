package dev.docket.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.docket.testing.ManualClock;
import dev.docket.TaskType;
import dev.docket.spi.Headers;
import dev.docket.spi.Message;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The kit's own helpers, which every broker's verdict depends on. */
class TckHelpersTest {
  @Test
  void timeouts_scaleEveryBaseByTheFactor() {
    TckTimeouts slow = new TckTimeouts(2.5);
    assertThat(slow.event()).isEqualTo(TckTimeouts.BASE_EVENT.multipliedBy(5).dividedBy(2));
    assertThat(slow.scale(Duration.ofMillis(100))).isEqualTo(Duration.ofMillis(250));
    assertThat(TckTimeouts.defaults().bulk()).isEqualTo(TckTimeouts.BASE_BULK);
  }

  @Test
  void timeouts_rejectANonsenseFactorNamingTheSetting() {
    assertThatThrownBy(() -> new TckTimeouts(0)).hasMessageContaining(
        TckTimeouts.FACTOR_PROPERTY);
    assertThatThrownBy(() -> new TckTimeouts(Double.NaN)).isInstanceOf(
        IllegalArgumentException.class);
  }

  @Test
  void context_namesAreUniqueSafeAndValidQueues() {
    TckContext a = TckContext.create("R3.2 Weird name!! with spaces", "t", TckTimeouts.defaults());
    TckContext b = TckContext.create("R3.2 Weird name!! with spaces", "t", TckTimeouts.defaults());
    assertThat(a.namespace()).startsWith("tck-r3-2-weird-name-with-spaces-")
        .matches("[a-z0-9-]+").isNotEqualTo(b.namespace());
    assertThat(TaskType.validateQueue(a.queue("main"))).endsWith(".main");
    TckContext longHint = TckContext.create("x".repeat(300), "t", TckTimeouts.defaults());
    assertThat(TaskType.validateQueue(longHint.queue("main"))).isNotNull();
  }

  @Test
  void context_clockStartsAwayFromTheEpoch() {
    TckContext ctx = TckContext.create("clock", "t", TckTimeouts.defaults());
    assertThat(ctx.clock().instant()).isEqualTo(ManualClock.DEFAULT_START);
  }

  @Test
  void messageBuilder_givesDistinctIdsAndTheRequestedFields() {
    Message m = MessageBuilder.aJob().withBody("hello").withPriority(7).build();
    Message n = MessageBuilder.aJob().build();
    assertThat(m.id()).isNotEqualTo(n.id());
    assertThat(new String(m.body(), StandardCharsets.UTF_8)).isEqualTo("hello");
    assertThat(m.priority()).isEqualTo(7);
    assertThat(m.headers()).containsEntry(Headers.TASK, MessageBuilder.DEFAULT_TASK);
    assertThat(n.notBefore()).isNull();
  }
}
