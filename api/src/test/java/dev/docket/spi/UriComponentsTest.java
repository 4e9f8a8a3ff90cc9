package dev.docket.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.docket.InvalidConfigException;
import dev.docket.internal.DocketSettings;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class UriComponentsTest {

  @Test
  @DisplayName("issue 10.14: '+' decodes as a plus, not a space; %20 is the space")
  void item14_plusIsAPlus() {
    assertThat(UriComponents.decode("a+b%2Bc%20d%2F%C3%BC", "x")).isEqualTo("a+b+c d/ü");
    assertThat(UriComponents.decode("plain", "x")).isEqualTo("plain");
  }

  @Test
  void malformedEscape_namesThePart_neverTheText() {
    assertThatThrownBy(() -> UriComponents.decode("S3cret%zz", "the password"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("the password")
        .hasMessageNotContaining("S3cret");
    assertThatThrownBy(() -> UriComponents.decode("S3cret%ff", "the password"))
        .hasMessageContaining("UTF-8").hasMessageNotContaining("S3cret");
    assertThatThrownBy(() -> UriComponents.decode("S3cret%4", "the password"))
        .hasMessageNotContaining("S3cret");
  }

  @Test
  @DisplayName("issue 10.14: a URI whose host does not parse does not show its user info")
  void item14_redaction_hostlessUriHidesUserInfo() {
    assertThat(Redaction.redact(URI.create("postgresql://ada:S3cret+x@/app")))
        .doesNotContain("S3cret").contains("***@");
    assertThat(Redaction.redact(URI.create("redis://ada:S3cret@cache:6379/0")))
        .isEqualTo("redis://***@cache:6379/0");
  }

  @Test
  @DisplayName("a URI string that does not parse keeps its scheme and hides the rest")
  void redaction_unparseableStringKeepsScheme() {
    assertThat(Redaction.redact("memory://")).isEqualTo("memory://");
    assertThat(Redaction.redact("redis://ada:S3cret@ca che:6379")).isEqualTo("redis://***")
        .doesNotContain("S3cret");
    assertThat(Redaction.redact("not a uri at all")).isEqualTo("<unparseable URI>");
    assertThat(Redaction.redact("redis://cache:6379")).isEqualTo("redis://cache:6379");
  }

  @Test
  @DisplayName("issue 10.14: a '+' in a broker URI option stays a plus")
  void item14_settingsKeepPlusInQueryValues() {
    DocketSettings s = DocketSettings.from(Map.of("docket.broker.uri",
        "memory://?token=a+b%20c"));
    assertThat(s.options()).containsEntry("token", "a+b c");
    assertThatThrownBy(() -> DocketSettings.from(Map.of("docket.broker.uri",
        "memory://?token=S3cret%ff"))).isInstanceOf(InvalidConfigException.class)
        .hasMessageNotContaining("S3cret");
  }
}
