package dev.docket.broker.rabbitmq.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.broker.rabbitmq.RabbitBrokerConfig;
import dev.docket.broker.rabbitmq.RabbitBrokerConfig.QueueType;
import java.net.URI;
import org.junit.jupiter.api.Test;

class TopologyTest {
  private final RabbitBrokerConfig quorum =
      RabbitBrokerConfig.builder().uri(URI.create("amqp://localhost")).priorityBands(3).build();

  @Test
  void delayKey_spellsTheDelayInBitsMostSignificantFirst() {
    String key = Topology.delayKey(0b1011, 2, "orders.high");
    assertThat(key).isEqualTo("0.".repeat(28) + "1.0.1.1.b2.orders.high");
  }

  @Test
  void delayKey_ofTheLongestPassSetsEveryBit() {
    assertThat(Topology.delayKey((1L << 32) - 1, 0, "q")).isEqualTo("1.".repeat(32) + "b0.q");
  }

  @Test
  void levelPattern_matchesOneBitPositionOnly() {
    assertThat(Topology.levelPattern(31, '1', "*.q")).isEqualTo("1." + "*.".repeat(31) + "*.q");
    assertThat(Topology.levelPattern(0, '0', "#")).isEqualTo("*.".repeat(31) + "0.#");
  }

  @Test
  void bandOf_spreadsTenPrioritiesOverTheBands() {
    assertThat(Topology.bandOf(0, quorum)).isZero();
    assertThat(Topology.bandOf(3, quorum)).isZero();
    assertThat(Topology.bandOf(4, quorum)).isEqualTo(1);
    assertThat(Topology.bandOf(6, quorum)).isEqualTo(1);
    assertThat(Topology.bandOf(7, quorum)).isEqualTo(2);
    assertThat(Topology.bandOf(9, quorum)).isEqualTo(2);
  }

  @Test
  void classicQueues_haveOneBandAndTenPriorityLevels() {
    RabbitBrokerConfig classic = RabbitBrokerConfig.builder().uri(URI.create("amqp://localhost"))
        .queueType(QueueType.CLASSIC).build();
    assertThat(Topology.bands(classic)).isEqualTo(1);
    assertThat(classic.priorityLevels()).isEqualTo(10);
    assertThat(Topology.workArgs("q", classic)).containsEntry("x-max-priority", 9);
  }

  @Test
  void names_cannotCollideWithDocketQueueNames() {
    // '~' is not allowed in a Docket queue name, so owned names never clash with user queues.
    assertThat(Topology.tier("q", 5)).isEqualTo("q~t05");
    assertThat(Topology.deadLetters("q")).isEqualTo("q~dlq");
    assertThat(Topology.band("q", 0)).isEqualTo("q");
    assertThat(Topology.band("q", 2)).isEqualTo("q~p2");
    assertThat(Topology.allQueues("q", quorum)).hasSize(3 + 1 + 2 * Topology.LEVELS);
  }

  @Test
  void tierArgs_deadLetterToTheNextLowerLevel_atLeastOnce() {
    assertThat(Topology.tierArgs(5)).containsEntry("x-message-ttl", 32L)
        .containsEntry("x-dead-letter-exchange", "docket~tier~04")
        .containsEntry("x-queue-type", "quorum")
        .containsEntry("x-dead-letter-strategy", "at-least-once")
        .containsEntry("x-overflow", "reject-publish");
    assertThat(Topology.tierArgs(0)).containsEntry("x-dead-letter-exchange", "docket~due");
  }
}
