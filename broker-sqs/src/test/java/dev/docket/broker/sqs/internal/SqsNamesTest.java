package dev.docket.broker.sqs.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SqsNamesTest {
  private final SqsNames names = new SqsNames("p-");

  @Test
  void base_escapesDotsAndUnderscoresOneToOne() {
    List<String> queues = List.of("a.b", "a_b", "a._b", "a_.b", "a-b", "a_db", "a_ub");
    Set<String> bases = new HashSet<>();
    for (String q : queues) {
      String base = names.base(q);
      assertThat(base).matches("[A-Za-z0-9_-]+");
      bases.add(base);
    }
    assertThat(bases).as("distinct queues, distinct SQS names").hasSize(queues.size());
    assertThat(names.base("orders.high")).isEqualTo("p-orders_dhigh");
  }

  @Test
  void longNames_fitSqsWithEverySuffix_andStayDistinct() {
    String a = "x".repeat(79) + "a";
    String b = "x".repeat(79) + "b";
    String ba = names.base(a);
    assertThat(names.delay(ba).length()).isLessThanOrEqualTo(80);
    assertThat(names.deadLetters(ba).length()).isLessThanOrEqualTo(80);
    assertThat(names.lane(ba, 9).length()).isLessThanOrEqualTo(80);
    assertThat(ba).isNotEqualTo(names.base(b));
  }

  @Test
  void bandOf_recognisesOnlyLanesOfThatBase() {
    String base = names.base("q");
    assertThat(names.bandOf(base, names.lane(base, 7))).isEqualTo(7);
    assertThat(names.bandOf(base, names.lane(names.base("q-p1"), 0))).isEqualTo(-1);
    assertThat(names.bandOf(base, names.delay(base))).isEqualTo(-1);
  }

  @Test
  void fifoNames_endInDotFifo_fitWithTheSuffix_andNeverMeetStandardNames() {
    SqsNames fifo = new SqsNames("p-", true);
    String base = fifo.base("orders.high");
    assertThat(fifo.lane(base, 3)).isEqualTo("p-orders_dhigh-p3.fifo");
    assertThat(fifo.deadLetters(base)).isEqualTo("p-orders_dhigh-dlq.fifo");
    assertThat(fifo.delay(base)).as("a standard queue, apart from the standard mode's")
        .isEqualTo("p-orders_dhigh-fdelay").isNotEqualTo(names.delay(names.base("orders.high")));
    String longBase = fifo.base("x".repeat(79) + "a");
    assertThat(fifo.deadLetters(longBase)).hasSizeLessThanOrEqualTo(80).endsWith("-dlq.fifo");
    assertThat(fifo.lane(longBase, 9)).hasSizeLessThanOrEqualTo(80);
    assertThat(fifo.delay(longBase)).hasSizeLessThanOrEqualTo(80);
    assertThat(fifo.bandOf(base, fifo.lane(base, 7))).isEqualTo(7);
    assertThat(fifo.bandOf(base, names.lane(base, 7))).as("a standard lane").isEqualTo(-1);
    assertThat(names.bandOf(base, fifo.lane(base, 7))).as("a FIFO lane").isEqualTo(-1);
  }
}
