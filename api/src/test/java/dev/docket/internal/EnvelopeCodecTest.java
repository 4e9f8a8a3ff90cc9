package dev.docket.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.docket.JobSerializationException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class EnvelopeCodecTest {
  private final EnvelopeCodec codec = new EnvelopeCodec(JsonMapper.builder().build());

  @Test
  void encodeThenDecode_roundTripsEveryField() {
    Envelope e = new Envelope(1, "id-1", "email.send", "high",
        JobArgs.of(new Mail("a@b.c", 2)), 7,
        Instant.parse("2030-01-01T00:00:00Z"), Instant.parse("2030-01-02T00:00:00Z"),
        Map.of("trace", "abc"));
    Envelope back = codec.decode(codec.encode(e));
    assertThat(back).usingRecursiveComparison().ignoringFields("args").isEqualTo(e);
    assertThat(back.args()).isInstanceOf(JobArgs.Json.class);
    assertThat(back.args().tree(codec.mapper()).get("to").asString()).isEqualTo("a@b.c");
    assertThat(back.args().read(codec.mapper(), codec.mapper().readerFor(Mail.class)))
        .isEqualTo(new Mail("a@b.c", 2));
  }

  record Mail(String to, int retries) {}

  @Test
  void decode_bindsTheArgumentsFromTheirSpan_whereverTheyStand() {
    // Fields in another order than this codec writes, nesting, escapes and non-ASCII text.
    String json = "{\"args\":{\"to\":\"z\u00fc{r}\\\"ich\\\"\",\"retries\":[1,{\"a\":[]}]"
        .replace("[1,{\"a\":[]}]", "3") + "},\"v\":1,\"headers\":{\"h\":\"ü\"},"
        + "\"id\":\"x\",\"task\":\"t\",\"queue\":\"q\",\"createdAt\":\"2030-01-01T00:00:00Z\"}";
    Envelope e = codec.decode(json.getBytes(StandardCharsets.UTF_8));
    assertThat(e.args().read(codec.mapper(), codec.mapper().readerFor(Mail.class)))
        .isEqualTo(new Mail("zü{r}\"ich\"", 3));
    assertThat(e.headers()).containsEntry("h", "ü");
    Envelope list = codec.decode(("{\"v\":1,\"id\":\"x\",\"task\":\"t\",\"queue\":\"q\","
        + "\"args\":[[1,2],[],[3]],\"createdAt\":\"2030-01-01T00:00:00Z\"}")
        .getBytes(StandardCharsets.UTF_8));
    assertThat(list.args().tree(codec.mapper()).toString()).isEqualTo("[[1,2],[],[3]]");
    Envelope scalar = codec.decode(("{\"v\":1,\"id\":\"x\",\"task\":\"t\",\"queue\":\"q\","
        + "\"args\":42,\"createdAt\":\"2030-01-01T00:00:00Z\"}").getBytes(StandardCharsets.UTF_8));
    assertThat(scalar.args().read(codec.mapper(), codec.mapper().readerFor(Integer.class)))
        .isEqualTo(42);
  }

  @Test
  void encode_argumentsJacksonCannotWrite_failNamingTheTask() {
    Envelope e = new Envelope(1, "id", "report.build", "q", JobArgs.of(new Bomb()), 0,
        Instant.parse("2030-01-01T00:00:00Z"), null, Map.of());
    assertThatThrownBy(() -> codec.encode(e)).isInstanceOf(JobSerializationException.class)
        .hasMessageContaining("arguments of task 'report.build' (" + Bomb.class.getName() + ")")
        .hasMessageContaining("boom");
  }

  /** A value whose only property cannot be read. */
  static final class Bomb {
    public String getFuse() {
      throw new IllegalStateException("boom");
    }
  }

  @Test
  void reEncode_ofDecodedArguments_keepsTheirJson() {
    Envelope e = new Envelope(1, "id", "t", "q", JobArgs.of(new Mail("a", 1)), 0,
        Instant.parse("2030-01-01T00:00:00Z"), null, Map.of());
    byte[] once = codec.encode(e);
    assertThat(codec.encode(codec.decode(once))).isEqualTo(once);
  }

  @Test
  void decode_ignoresUnknownFieldsFromNewerWriters() {
    String json = "{\"v\":1,\"id\":\"x\",\"task\":\"t\",\"queue\":\"q\",\"args\":null,"
        + "\"createdAt\":\"2030-01-01T00:00:00Z\",\"futureField\":{\"a\":1}}";
    Envelope e = codec.decode(json.getBytes(StandardCharsets.UTF_8));
    assertThat(e.task()).isEqualTo("t");
    assertThat(e.eta()).isNull();
    assertThat(e.priority()).isZero();
  }

  @Test
  void decode_writtenBytesAreStableJson() {
    Envelope e = new Envelope(1, "id", "t", "q", JobArgs.of(null), 0,
        Instant.parse("2030-01-01T00:00:00Z"), null, Map.of());
    assertThat(new String(codec.encode(e), StandardCharsets.UTF_8)).isEqualTo(
        "{\"v\":1,\"id\":\"id\",\"task\":\"t\",\"queue\":\"q\",\"args\":null,\"priority\":0,"
            + "\"createdAt\":\"2030-01-01T00:00:00Z\",\"headers\":{}}");
  }

  @Test
  void decode_badInput_namesTheProblem() {
    assertThatThrownBy(() -> codec.decode(new byte[] {(byte) 0xff, 0x00, 0x13}))
        .isInstanceOf(JobSerializationException.class).hasMessageContaining("not JSON");
    assertThatThrownBy(() -> codec.decode("[1,2]".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("not a JSON object");
    assertThatThrownBy(() -> codec.decode("{\"id\":\"x\"}".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("'v'");
    assertThatThrownBy(() -> codec.decode("{\"v\":99}".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("version 99");
    assertThatThrownBy(() -> codec.decode(
        "{\"v\":1,\"id\":\"x\",\"task\":\"t\",\"queue\":\"q\",\"args\":1,\"createdAt\":\"noon\"}"
            .getBytes(StandardCharsets.UTF_8))).hasMessageContaining("'createdAt'");
  }

  @Test
  void workflowLink_roundTripsAndIsOmittedForPlainJobs() {
    WorkflowLink.StepRef cb = new WorkflowLink.StepRef("gallery.publish", "default", 3);
    WorkflowLink.StepRef err = new WorkflowLink.StepRef("alerts", "high", 9);
    WorkflowLink link = new WorkflowLink("wf-1", WorkflowLink.Kind.MEMBER, 2, 5,
        List.of(new WorkflowLink.StepRef("next", "q", 0)), cb, err);
    Envelope e = new Envelope(1, "id", "t", "q", JobArgs.of(null), 0,
        Instant.parse("2030-01-01T00:00:00Z"), null, Map.of(), link);
    Envelope back = codec.decode(codec.encode(e));
    assertThat(back.workflow()).isEqualTo(link);
    assertThat(new String(codec.encode(e), StandardCharsets.UTF_8))
        .contains("\"workflow\":{\"id\":\"wf-1\",\"kind\":\"member\",\"index\":2,\"size\":5");
  }

  @Test
  void workflowLink_malformed_namesTheProblem() {
    String base = "{\"v\":1,\"id\":\"x\",\"task\":\"t\",\"queue\":\"q\",\"args\":1,"
        + "\"createdAt\":\"2030-01-01T00:00:00Z\",\"workflow\":";
    assertThatThrownBy(() -> codec.decode((base + "{\"id\":\"w\",\"kind\":\"fork\","
        + "\"index\":0,\"size\":1}}").getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(JobSerializationException.class).hasMessageContaining("kind 'fork'");
    assertThatThrownBy(() -> codec.decode((base + "{\"id\":\"w\",\"kind\":\"chain\"}}")
        .getBytes(StandardCharsets.UTF_8))).hasMessageContaining("'index'");
    assertThatThrownBy(() -> codec.decode((base + "7}").getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("'workflow' is not an object");
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.ValueSource(strings = {
      "\"priority\":1e400", "\"priority\":2.5", "\"priority\":\"5\"", "\"priority\":10",
      "\"priority\":-1", "\"priority\":4294967296", "\"priority\":[1]",
      "\"headers\":[\"a\"]", "\"headers\":\"a=b\"", "\"headers\":{\"h\":{\"x\":\"y\"}}",
      "\"headers\":{\"h\":[\"y\"]}", "\"headers\":{\"h\":7}", "\"headers\":{\"h\":null}",
      "\"headers\":{\"h\":true}", "\"eta\":7", "\"eta\":{}", "\"queue\":\"no spaces\"",
      "\"queue\":\"../etc\"",
      "\"workflow\":{\"id\":\"w\",\"kind\":\"chain\",\"index\":0,\"size\":2,\"next\":7}",
      "\"workflow\":{\"id\":\"w\",\"kind\":\"chain\",\"index\":3,\"size\":2}",
      "\"workflow\":{\"id\":\"w\",\"kind\":\"member\",\"index\":0,\"size\":1,"
          + "\"callback\":{\"task\":\"t\",\"queue\":\"bad queue\",\"priority\":0}}"})
  @org.junit.jupiter.api.DisplayName("issue 10.17: an invalid optional field makes the body"
      + " undecodable instead of being read as absent")
  void item17_invalidOptionalField_isUndecodable(String field) {
    String json = "{\"v\":1,\"id\":\"x\",\"task\":\"t\",\"queue\":\"q\",\"args\":1,"
        + "\"createdAt\":\"2030-01-01T00:00:00Z\"," + field + "}";
    // A later valid field must not mask the bad one (the parser skips a bad container whole).
    assertThatThrownBy(() -> codec.decode(json.getBytes(StandardCharsets.UTF_8)))
        .as(field).isInstanceOf(JobSerializationException.class)
        .hasMessageContaining(field.substring(1, field.indexOf('"', 1)));
  }

  @Test
  void item17_nullOptionalFields_countAsAbsent() {
    String json = "{\"v\":1,\"id\":\"x\",\"task\":\"t\",\"queue\":\"q\",\"args\":1,"
        + "\"createdAt\":\"2030-01-01T00:00:00Z\",\"priority\":null,\"headers\":null,"
        + "\"eta\":null,\"workflow\":null}";
    Envelope e = codec.decode(json.getBytes(StandardCharsets.UTF_8));
    assertThat(e.priority()).isZero();
    assertThat(e.headers()).isEmpty();
    assertThat(e.eta()).isNull();
    assertThat(e.workflow()).isNull();
  }
}
