package dev.docket.broker.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.docket.InvalidConfigException;
import dev.docket.broker.rabbitmq.RabbitBrokerConfig.QueueType;
import dev.docket.spi.BrokerConfig;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RabbitBrokerConfigTest {

  @Test
  void from_readsOptionsFromTheQueryStringAndTheMap() {
    RabbitBrokerConfig c = RabbitBrokerConfig.from(new BrokerConfig(
        URI.create("amqp://u:secret@h:5672/vh?queueType=classic&prefetch=40"),
        Map.of(RabbitBrokerConfig.DEDUP_WINDOW, "2m"), Clock.systemUTC()));
    assertThat(c.queueType()).isEqualTo(QueueType.CLASSIC);
    assertThat(c.prefetch()).isEqualTo(40);
    assertThat(c.dedupWindow()).isEqualTo(Duration.ofMinutes(2));
    assertThat(c.uri().getRawQuery()).isNull();
  }

  @Test
  void from_collectsEveryProblem_andNeverShowsThePassword() {
    assertThatThrownBy(() -> RabbitBrokerConfig.from(new BrokerConfig(
        URI.create("amqp://u:secret@h/vh?queueType=stream&priorityBands=11&bogus=1"), Map.of(),
        Clock.systemUTC())))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("queueType").hasMessageContaining("bogus")
        .hasMessageNotContaining("secret");
  }

  @Test
  void builder_refusesOtherSchemes_withARedactedUri() {
    assertThatThrownBy(() -> RabbitBrokerConfig.builder().uri(URI.create("redis://u:secret@h")).build())
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("amqp://").hasMessageNotContaining("secret");
  }

  @Test
  void idStore_comesFromTheQueryString_andIsRedacted() {
    RabbitBrokerConfig c = RabbitBrokerConfig.from(new BrokerConfig(URI.create(
        "amqp://h/vh?idStore=" + java.net.URLEncoder.encode(
            "postgresql://app:pw@db:5432/jobs?table=ids", java.nio.charset.StandardCharsets.UTF_8)),
        Map.of(), Clock.systemUTC()));
    assertThat(c.idStore()).isEqualTo(URI.create("postgresql://app:pw@db:5432/jobs?table=ids"));
    assertThat(c).asString().contains("idStore=postgresql://***@db").doesNotContain("pw");
    assertThat(RabbitBrokerConfig.builder().uri(URI.create("amqp://h")).build().idStore()).isNull();
  }

  @Test
  void toString_hidesCredentials() {
    assertThat(RabbitBrokerConfig.builder().uri(URI.create("amqps://u:secret@h:5671/v")).build())
        .asString().contains("***@h:5671").doesNotContain("secret");
  }

  @Test
  void multiHostUri_isAccepted_andRedactedInToString() {
    RabbitBrokerConfig c = RabbitBrokerConfig.from(new BrokerConfig(
        URI.create("amqp://u:secret@n1:5690,n2:5691,n3:5692/%2F?queueType=quorum"), Map.of(),
        Clock.systemUTC()));
    assertThat(c.redactedUri()).isEqualTo("amqp://***@n1:5690,n2:5691,n3:5692/%2F");
    assertThat(c.toString()).doesNotContain("secret");
  }

  @Test
  void multiHostUri_withABadHost_failsAtConfiguration_withoutThePassword() {
    assertThatThrownBy(() -> RabbitBrokerConfig.builder().uri(
        URI.create("amqp://u:secret@n1:5690,,n3:5692/vh")).build())
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("host 2 of 3 is empty").hasMessageNotContaining("secret");
  }
}
