package dev.docket.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.docket.FailureReason;
import dev.docket.JobFailure;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class FailureJsonTest {
  private final JsonMapper mapper = JsonMapper.builder().build();

  @Test
  void writeThenRead_roundTripsEveryField() {
    JobFailure f = new JobFailure(FailureReason.RETRIES_EXHAUSTED, "java.io.IOException",
        "disk \"full\"", "at x.y(Z.java:1)", 4, Instant.parse("2030-01-01T00:00:00.123Z"), "w-1");
    ObjectNode json = FailureJson.write(f, mapper.createObjectNode());
    assertThat(json.get("failedAt").asString()).isEqualTo("2030-01-01T00:00:00.123Z");
    assertThat(FailureJson.read(mapper.readTree(mapper.writeValueAsString(json)))).isEqualTo(f);
  }

  @Test
  void read_malformed_namesTheField() {
    ObjectNode json = FailureJson.write(new JobFailure(FailureReason.NON_RETRYABLE, "E", "m", "",
        1, Instant.EPOCH, "w"), mapper.createObjectNode());
    assertThatThrownBy(() -> FailureJson.read(json.deepCopy().put("reason", "MOON")))
        .hasMessageContaining("'reason'").hasMessageContaining("MOON");
    assertThatThrownBy(() -> FailureJson.read(json.deepCopy().put("attempts", "two")))
        .hasMessageContaining("'attempts'");
    ObjectNode noWorker = json.deepCopy();
    noWorker.remove("workerId");
    assertThatThrownBy(() -> FailureJson.read(noWorker)).hasMessageContaining("'workerId'");
    assertThatThrownBy(() -> FailureJson.read(mapper.getNodeFactory().numberNode(3)))
        .hasMessageContaining("JSON object");
  }
}
