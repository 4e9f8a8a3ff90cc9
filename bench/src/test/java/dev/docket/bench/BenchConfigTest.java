package dev.docket.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchConfigTest {

  @Test
  void parse_noArguments_usesDefaultsAndMemory() {
    BenchConfig c = BenchConfig.parse(new String[0], Map.of());

    assertThat(c.uri()).isEqualTo("memory://");
    assertThat(c.workers()).isEqualTo(2);
    assertThat(c.concurrency()).isEqualTo(16);
    assertThat(c.json()).isEqualTo(Path.of("bench", "results", "latest.json"));
    assertThat(c.baselineMeaningful()).isTrue();
  }

  @Test
  void parse_environmentUri_isUsedUnlessGivenExplicitly() {
    Map<String, String> env = Map.of("DOCKET_BROKER_URI", "redis://127.0.0.1:6379");

    assertThat(BenchConfig.parse(new String[0], env).uri()).isEqualTo("redis://127.0.0.1:6379");
    assertThat(BenchConfig.parse(new String[0], env).baselineMeaningful()).isFalse();
    assertThat(BenchConfig.parse(new String[] {"--uri=memory://"}, env).uri())
        .isEqualTo("memory://");
  }

  @Test
  void parse_options_areRead() {
    BenchConfig c = BenchConfig.parse(new String[] {"--workers=4", "--rate=2_000", "--json=-"},
        Map.of());

    assertThat(c.workers()).isEqualTo(4);
    assertThat(c.rate()).isEqualTo(2000);
    assertThat(c.json()).isNull();
  }

  @Test
  void parse_badArguments_listsEveryProblem() {
    assertThatThrownBy(() -> BenchConfig.parse(
        new String[] {"--workers=0", "--rate=fast", "--colour=blue", "stray"}, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--workers=0 is not a positive whole number")
        .hasMessageContaining("--rate=fast is not a positive whole number")
        .hasMessageContaining("unknown option --colour")
        .hasMessageContaining("'stray' is not --name=value");
  }
}
