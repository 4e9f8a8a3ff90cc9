package dev.docket.spi.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.docket.InvalidConfigException;
import dev.docket.PayloadTooLargeException;
import dev.docket.spi.BrokerConfig;
import dev.docket.spi.Message;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class OptionsTest {

  enum Mode { FAST, SAFE }

  private record Conf(String name, boolean flag, int count, Duration pause, Mode mode) {
    Conf {
      if (name.equals("bad")) {
        throw new InvalidConfigException("X option name='bad' is refused by the record");
      }
    }
  }

  private static Conf read(Map<String, String> options) {
    Options o = Options.of("X broker", options);
    String name = o.text("name", "n");
    boolean flag = o.bool("flag", false);
    int count = o.intValue("count", 1, 1, 10);
    Duration pause = o.duration("wait", Duration.ofSeconds(1));
    Mode mode = o.choice("mode", Mode.FAST);
    return o.build(() -> new Conf(name, flag, count, pause, mode));
  }

  @Test
  @DisplayName("every duration form today's configs accept parses")
  void durations() {
    assertThat(Options.parseDuration("PT5S")).isEqualTo(Duration.ofSeconds(5));
    assertThat(Options.parseDuration("pt5s")).isEqualTo(Duration.ofSeconds(5));
    assertThat(Options.parseDuration("250")).isEqualTo(Duration.ofMillis(250));
    assertThat(Options.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Options.parseDuration("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(Options.parseDuration("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(Options.parseDuration("2h")).isEqualTo(Duration.ofHours(2));
    assertThat(Options.parseDuration(" 1d ")).isEqualTo(Duration.ofDays(1));
    for (String bad : List.of("", "soon", "5x", "ms", "P")) {
      assertThatThrownBy(() -> Options.parseDuration(bad))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT30S");
    }
  }

  @Test
  @DisplayName("values of each type parse, and absent ones take their default")
  void values() {
    Conf c = read(Map.of("name", " app ", "flag", "", "count", "7", "wait", "2s", "mode", "safe"));
    assertThat(c).isEqualTo(new Conf("app", true, 7, Duration.ofSeconds(2), Mode.SAFE));
    assertThat(read(Map.of())).isEqualTo(new Conf("n", false, 1, Duration.ofSeconds(1),
        Mode.FAST));
    assertThat(read(Map.of("flag", "FALSE")).flag()).isFalse();
  }

  @Test
  @DisplayName("every problem is collected into one exception naming option and value")
  void allProblemsAtOnce() {
    assertThatThrownBy(() -> read(Map.of("name", "bad", "flag", "maybe", "count", "lots",
        "wait", "soon", "mode", "turbo", "colour", "red")))
        .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.problems())
            .containsExactlyInAnyOrder(
                "X broker option flag='maybe' must be true or false",
                "X broker option count='lots' is not a whole number",
                "X broker option wait='soon' is not a duration; use e.g. 500ms, 30s, 5m, 2h,"
                    + " 1d, 500 (milliseconds) or an ISO-8601 duration such as PT30S",
                "X broker option mode='turbo' must be one of fast, safe",
                "X broker option 'colour' is unknown; known: count, flag, mode, name, wait",
                "X option name='bad' is refused by the record"));
  }

  @Test
  @DisplayName("a value out of range is reported unquoted with its bounds")
  void range() {
    assertThatThrownBy(() -> read(Map.of("count", "11")))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("X broker option count=11 must be between 1 and 10");
  }

  @Test
  @DisplayName("a URI option that does not parse is reported without its value")
  void uriSecretNotEchoed() {
    Options o = Options.of("X broker", Map.of("store", "postgresql://u:s3cret@h/ db"));
    assertThat(o.uri("store")).isNull();
    assertThatThrownBy(() -> o.build(() -> "x")).isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("store is not a valid URI").hasMessageNotContaining("s3cret");
  }

  @Test
  @DisplayName("a URI's query reads as options, percent-decoded with + kept")
  void query() {
    List<String> problems = new ArrayList<>();
    assertThat(Options.query(URI.create("redis://h?a=1&b=x%2By+z&flag&"), problems))
        .containsExactly(Map.entry("a", "1"), Map.entry("b", "x+y+z"), Map.entry("flag", ""));
    assertThat(problems).isEmpty();
    Options.query(URI.create("redis://h?a=%FF"), problems);
    assertThat(problems).hasSize(1);
  }

  @Test
  @DisplayName("BrokerConfig moves its URI's query into options; given options win")
  void brokerConfigHonoursQuery() {
    BrokerConfig c = new BrokerConfig(URI.create("redis://u:p@h:1/0?keyPrefix=q&cluster=true"),
        Map.of("keyPrefix", "given"), Clock.systemUTC());
    assertThat(c.options()).containsOnly(Map.entry("keyPrefix", "given"),
        Map.entry("cluster", "true"));
    assertThat(c.uri()).isEqualTo(URI.create("redis://u:p@h:1/0"));
    assertThatThrownBy(() -> new BrokerConfig(URI.create("redis://h?a=%FF"), Map.of(),
        Clock.systemUTC())).isInstanceOf(InvalidConfigException.class);
  }

  @Test
  @DisplayName("the payload limit names the job, its size, the limit and where it comes from")
  void payloadLimit() {
    Message small = Message.of("ok", new byte[10], Map.of());
    Message big = Message.of("big-1", new byte[11], Map.of());
    PayloadLimit.check("X broker", List.of(small), 10, "option maxMessageBytes");
    assertThatThrownBy(() -> PayloadLimit.check("X broker", List.of(small, big), 10,
        "option maxMessageBytes"))
        .isInstanceOf(PayloadTooLargeException.class)
        .hasMessage("job big-1 is 11 bytes; the X broker accepts at most 10 bytes (option"
            + " maxMessageBytes); nothing was enqueued");
  }
}
