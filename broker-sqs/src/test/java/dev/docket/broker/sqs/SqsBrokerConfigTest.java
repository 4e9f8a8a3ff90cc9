package dev.docket.broker.sqs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.docket.Docket;
import dev.docket.InvalidConfigException;
import dev.docket.spi.BrokerConfig;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SqsBrokerConfigTest {

  private static SqsBrokerConfig parse(String uri, Map<String, String> options) {
    return SqsBrokerConfig.from(new BrokerConfig(URI.create(uri), options, Clock.systemUTC()));
  }

  @Test
  void from_readsRegionPrefixAndOptions() {
    SqsBrokerConfig c = parse("sqs://eu-west-1/orders?endpoint=http://127.0.0.1:9324"
        + "&priorityBands=3&maxDelayHop=2s&pollInterval=100ms", Map.of("maxReceiveCount", "7"));
    assertThat(c.region()).isEqualTo("eu-west-1");
    assertThat(c.queuePrefix()).isEqualTo("orders");
    assertThat(c.endpoint()).isEqualTo(URI.create("http://127.0.0.1:9324"));
    assertThat(c.priorityBands()).isEqualTo(3);
    assertThat(c.maxDelayHop()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.pollInterval()).isEqualTo(Duration.ofMillis(100));
    assertThat(c.maxReceiveCount()).isEqualTo(7);
    assertThat(c.accessKeyId()).isNull();
  }

  @Test
  void credentials_fromUserInfoOrOptions_neverPrinted() {
    SqsBrokerConfig c = parse("sqs://AKIDEXAMPLE:s3cr3t@us-east-1", Map.of());
    assertThat(c.accessKeyId()).isEqualTo("AKIDEXAMPLE");
    assertThat(c.secretAccessKey()).isEqualTo("s3cr3t");
    assertThat(c.toString()).doesNotContain("AKIDEXAMPLE").doesNotContain("s3cr3t");
    SqsBrokerConfig o = parse("sqs://us-east-1?accessKeyId=AKID2&secretAccessKey=top", Map.of());
    assertThat(o.toString()).doesNotContain("AKID2").doesNotContain("top");
  }

  @Test
  void from_reportsEveryProblemAtOnce_withoutSecrets() {
    assertThatThrownBy(() -> parse("sqs://us-east-1/bad.prefix?priorityBands=11&maxDelayHop=20m"
        + "&nope=1&accessKeyId=AKID", Map.of()))
        .isInstanceOf(InvalidConfigException.class)
        .satisfies(e -> assertThat(((InvalidConfigException) e).problems()).hasSize(5))
        .hasMessageContaining("priorityBands").hasMessageContaining("maxDelayHop")
        .hasMessageContaining("'nope'").hasMessageContaining("prefix")
        .hasMessageContaining("go together").hasMessageNotContaining("AKID");
  }

  @Test
  void idStore_isParsedAndItsCredentialsNeverShown() {
    SqsBrokerConfig c = parse("sqs://us-east-1", Map.of("idStore",
        "postgresql://app:hunter2@db:5432/docket"));
    assertThat(c.idStore()).isEqualTo(URI.create("postgresql://app:hunter2@db:5432/docket"));
    assertThat(c.toString()).contains("idStore=postgresql://***@db:5432/docket")
        .doesNotContain("hunter2");
    assertThatThrownBy(() -> parse("sqs://us-east-1", Map.of("idStore", "post gres://u:hunter2@x")))
        .isInstanceOf(InvalidConfigException.class).hasMessageContaining("idStore")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void idStore_withoutAStoreModuleForItsScheme_failsNamingTheScheme() {
    assertThatThrownBy(() -> SqsBroker.create(ElasticMq.config("nostore-")
        .idStore(URI.create("nosuch://somewhere")).build()))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("idStore=nosuch://somewhere")
        .hasMessageContaining("scheme 'nosuch'");
  }

  @Test
  void unreachableEndpoint_isBrokerUnavailable_withoutDriverTypesOrSecrets() {
    try (SqsBroker b = SqsBroker.create(SqsBrokerConfig.builder().endpoint(
        URI.create("http://127.0.0.1:1")).credentials("AKIDDOWN", "s3cr3t-down").build())) {
      assertThatThrownBy(() -> b.declareQueue("down.q"))
          .isInstanceOf(dev.docket.BrokerUnavailableException.class)
          .hasMessageContaining("declare queue 'down.q'")
          .hasMessageNotContaining("s3cr3t-down").hasMessageNotContaining("AKIDDOWN");
      assertThatThrownBy(() -> b.stats("down.q"))
          .isInstanceOf(dev.docket.BrokerUnavailableException.class);
    }
  }

  @Test
  void docketConnect_findsTheProviderByScheme() {
    try (Docket d = Docket.connect("sqs://us-east-1/conn-?endpoint=" + ElasticMq.endpoint()
        + "&accessKeyId=t&secretAccessKey=t")) {
      assertThat(d.stats("conn.q").total()).isZero();
    }
  }

  @Test
  void fifo_andItsGrouping_areParsed_groupingNeedsFifo() {
    SqsBrokerConfig std = parse("sqs://us-east-1", Map.of());
    assertThat(std.fifo()).isFalse();
    assertThat(std.fifoGroup()).isEqualTo(SqsBrokerConfig.FifoGroup.JOB);
    SqsBrokerConfig c = parse("sqs://us-east-1/app-?fifo=true&fifoGroup=queue", Map.of());
    assertThat(c.fifo()).isTrue();
    assertThat(c.fifoGroup()).isEqualTo(SqsBrokerConfig.FifoGroup.QUEUE);
    assertThat(c.toString()).contains("fifo=true").contains("fifoGroup=QUEUE");
    assertThat(parse("sqs://us-east-1?fifo=true", Map.of()).fifoGroup())
        .isEqualTo(SqsBrokerConfig.FifoGroup.JOB);
    assertThatThrownBy(() -> parse("sqs://us-east-1?fifoGroup=queue&fifo=maybe", Map.of()))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("fifo='maybe'").hasMessageContaining("needs fifo=true");
    assertThatThrownBy(() -> parse("sqs://us-east-1?fifo=true&fifoGroup=message", Map.of()))
        .isInstanceOf(InvalidConfigException.class).hasMessageContaining("use job or queue");
  }
}
