package dev.docket.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class QueueSelectorTest {
  @Test
  void strict_alwaysKeepsTheConfiguredOrder() {
    QueueSelector s = QueueSelector.strict(List.of("high", "default", "low"));
    for (int i = 0; i < 10; i++) {
      assertThat(s.nextOrder()).containsExactly("high", "default", "low");
    }
  }

  @Test
  void weighted_putsEachQueueFirstInProportionToItsWeight() {
    Map<String, Integer> weights = new LinkedHashMap<>();
    weights.put("high", 6);
    weights.put("default", 3);
    weights.put("low", 1);
    QueueSelector s = QueueSelector.weighted(weights, new Random(7));
    Map<String, Integer> firsts = new HashMap<>();
    for (int i = 0; i < 10_000; i++) {
      List<String> order = s.nextOrder();
      assertThat(order).containsExactlyInAnyOrder("high", "default", "low");
      firsts.merge(order.get(0), 1, Integer::sum);
    }
    assertThat(firsts.get("high")).isBetween(5_700, 6_300);
    assertThat(firsts.get("default")).isBetween(2_700, 3_300);
    assertThat(firsts.get("low")).isBetween(800, 1_200);
  }

  @Test
  void weighted_rejectsZeroWeights() {
    assertThatThrownBy(() -> QueueSelector.weighted(Map.of("q", 0), new Random()))
        .hasMessageContaining("weight of queue 'q'");
  }
}
