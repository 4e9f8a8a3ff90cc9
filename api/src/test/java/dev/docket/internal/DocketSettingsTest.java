package dev.docket.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.docket.InvalidConfigException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DocketSettingsTest {
  @Test
  void defaults_toTheInMemoryBroker() {
    DocketSettings s = DocketSettings.from(Map.of());
    assertThat(s.brokerUri().getScheme()).isEqualTo("memory");
    assertThat(s.options()).isEmpty();
    assertThat(s.storeUri()).isNull();
  }

  @Test
  void queryParameters_becomeOptions_andExplicitOptionsWin() {
    DocketSettings s = DocketSettings.from(Map.of(
        "docket.broker.uri", "redis://localhost:6379/0?timeout=5s&prefix=app",
        "docket.broker.option.prefix", "explicit",
        "unrelated.key", "ignored"));
    assertThat(s.brokerUri().toString()).isEqualTo("redis://localhost:6379/0");
    assertThat(s.options()).containsEntry("timeout", "5s").containsEntry("prefix", "explicit");
  }

  @Test
  void everyProblem_isReportedAtOnce_withoutSecrets() {
    assertThatThrownBy(() -> DocketSettings.from(Map.of(
        "docket.broker.uri", "redis://user:hunter2@host:6379/ bad",
        "docket.brokr.uri", "x",
        "docket.store.uri", "nostore")))
        .isInstanceOfSatisfying(InvalidConfigException.class, e -> {
          assertThat(e.problems()).hasSize(3);
          assertThat(e.getMessage()).contains("3 problems", "unknown key 'docket.brokr.uri'",
              "not a valid URI", "'docket.store.uri' = 'nostore' has no scheme");
          assertThat(e.getMessage()).doesNotContain("hunter2");
        });
  }
}
