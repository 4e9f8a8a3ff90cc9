package dev.docket.broker.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.ConnectionFactory;
import dev.docket.spi.BrokerConfig;
import dev.docket.tck.ThrowableTexts;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Issue 10.14 on RabbitMQ: no secret in an exception, a toString() or a log line. */
class RabbitSecretsTest {
  private static final String SECRET = "S3cr3tPw";

  private static BrokerConfig config(String uri, Map<String, String> options) {
    return new BrokerConfig(URI.create(uri), options, Clock.systemUTC());
  }

  private static String encoded(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Test
  @DisplayName("issue 10.14: every RabbitMQ config error path keeps the secret out of messages,"
      + " toString() and logs")
  void item14_noSecretOnAnyConfigErrorPath() {
    String badStore = "postgresql://app:" + SECRET + "@db:5432/jobs?x=^bad";
    List<Runnable> paths = List.of(
        // bad URI (scheme)
        () -> RabbitBrokerConfig.from(config("http://u:" + SECRET + "@h/vh", Map.of())),
        // bad options
        () -> RabbitBrokerConfig.from(config("amqp://u:" + SECRET
            + "@h/vh?queueType=stream&prefetch=-1&dedupWindow=soon", Map.of())),
        // unknown option
        () -> RabbitBrokerConfig.from(config("amqp://u:" + SECRET + "@h/vh?bogus=1",
            Map.of("alsoBogus", "x"))),
        // bad idStore URI, in the query string and in the options
        () -> RabbitBrokerConfig.from(config("amqp://u:" + SECRET + "@h/vh?idStore="
            + encoded(badStore), Map.of())),
        () -> RabbitBrokerConfig.from(config("amqp://u:" + SECRET + "@h/vh",
            Map.of(RabbitBrokerConfig.ID_STORE, badStore))),
        // an idStore no module serves
        () -> RabbitBroker.create(RabbitBrokerConfig.from(config("amqp://u:" + SECRET
            + "@127.0.0.1:5689/vh?idStore=" + encoded("nosuch://app:" + SECRET + "@db/x"),
            Map.of()))),
        // nothing listening
        () -> RabbitBroker.create(RabbitBrokerConfig.from(config("amqp://u:" + SECRET
            + "@127.0.0.1:5689/vh", Map.of()))),
        // a wrong password
        () -> RabbitBroker.create(RabbitBrokerConfig.from(config("amqp://guest:" + SECRET
            + "@127.0.0.1:5672/%2F", Map.of()))));
    PrintStream err = System.err;
    ByteArrayOutputStream logs = new ByteArrayOutputStream();
    List<String> seen = new ArrayList<>();
    System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
    try {
      for (Runnable path : paths) {
        try {
          path.run();
          seen.add("no failure");
        } catch (RuntimeException e) {
          seen.add(ThrowableTexts.of(e));
        }
      }
      RabbitBrokerConfig ok = RabbitBrokerConfig.from(config("amqp://u:" + SECRET
          + "@h/vh?idStore=" + encoded("postgresql://app:" + SECRET + "@db/jobs"), Map.of()));
      seen.add(ok.toString());
    } finally {
      System.setErr(err);
    }
    assertThat(seen).hasSize(paths.size() + 1).doesNotContain("no failure");
    assertThat(seen).allSatisfy(s -> assertThat(s).doesNotContain(SECRET));
    assertThat(logs.toString(StandardCharsets.UTF_8)).doesNotContain(SECRET);
    assertThat(seen.get(3)).contains(RabbitBrokerConfig.ID_STORE).contains("not a valid URI");
  }

  @Test
  @DisplayName("issue 10.14: a + in the URI's password and virtual host stays a +")
  void item14_plusInThePasswordIsAPlus() {
    AtomicReference<ConnectionFactory> seen = new AtomicReference<>();
    RabbitBrokerConfig config = RabbitBrokerConfig.builder().uri(
        URI.create("amqp://us%2Ber:p+ss%2Bw@127.0.0.1:5689/v+h")).build();
    try {
      RabbitBroker.create(config, f -> {
        seen.set(f);
        throw new IllegalStateException("stop before connecting");
      });
    } catch (IllegalStateException e) {
      // expected
    }
    assertThat(seen.get().getPassword()).isEqualTo("p+ss+w");
    assertThat(seen.get().getUsername()).isEqualTo("us+er");
    assertThat(seen.get().getVirtualHost()).isEqualTo("v+h");
  }
}
