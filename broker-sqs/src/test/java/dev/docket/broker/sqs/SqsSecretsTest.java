package dev.docket.broker.sqs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.docket.InvalidConfigException;
import dev.docket.spi.BrokerConfig;
import dev.docket.tck.ThrowableTexts;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Issue 10.14 on SQS: no secret of any URI reaches an exception, a toString() or a log line. */
class SqsSecretsTest {

  private static final String SECRET = "S3cr3tTok";

  private static SqsBrokerConfig parse(String uri, Map<String, String> options) {
    return SqsBrokerConfig.from(new BrokerConfig(URI.create(uri), options, Clock.systemUTC()));
  }

  @Test
  @DisplayName("issue 10.14: every SQS config error path keeps the secrets of its URIs out of"
      + " exceptions, toString() and logs")
  void item14_everyConfigErrorPath_hidesSecrets() {
    List<Supplier<Object>> paths = List.of(
        // bad broker URIs
        () -> parse("amqp://AKID:" + SECRET + "@us-east-1", Map.of()),
        () -> parse("sqs://AKID:" + SECRET + "@us_east_1/app", Map.of()),
        () -> parse("sqs://" + SECRET + "@us-east-1", Map.of()),
        () -> parse("sqs://AKID:" + SECRET + "@us-east-1/bad.prefix", Map.of()),
        // bad and unknown options, with the secret in the user info and the query
        () -> parse("sqs://AKID:" + SECRET + "@us-east-1?priorityBands=x&maxDelayHop=1y"
            + "&fifo=maybe&fifoGroup=message&pollInterval=", Map.of()),
        () -> parse("sqs://us-east-1?secretAccessKey=" + SECRET + "&nope=1", Map.of()),
        () -> parse("sqs://us-east-1", Map.of("secretAccessKey", SECRET, "batchLinger", "-1s")),
        // bad idStore URIs
        () -> parse("sqs://us-east-1", Map.of("idStore", "post gres://u:" + SECRET + "@db")),
        () -> SqsBroker.create(ElasticMq.config("sec-").idStore(URI.create(
            "nosuch://u:" + SECRET + "@db:5432/x?token=" + SECRET)).build()),
        // bad endpoints
        () -> parse("sqs://us-east-1", Map.of("endpoint", "http://u:" + SECRET
            + "@127.0.0.1:9324")),
        () -> parse("sqs://us-east-1", Map.of("endpoint", "http://127.0.0.1:9324/?token="
            + SECRET)),
        () -> parse("sqs://us-east-1", Map.of("endpoint", "ftp://u:" + SECRET + "@host")),
        () -> parse("sqs://us-east-1", Map.of("endpoint", "http://u:" + SECRET + "@bad host")),
        () -> parse("sqs://us-east-1", Map.of("endpoint", "http://u:" + SECRET + "@bad_host:1")),
        () -> parse("sqs://us-east-1?endpoint=http%3A%2F%2Fu%3A" + SECRET
            + "%40127.0.0.1%3A9324", Map.of()),
        () -> SqsBrokerConfig.builder().endpoint(URI.create("https://" + SECRET
            + "@sqs.example.com?sig=" + SECRET)).build(),
        // a good config whose endpoint is down: the SDK's errors and our translation
        () -> {
          try (SqsBroker b = SqsBroker.create(SqsBrokerConfig.builder()
              .endpoint(URI.create("http://127.0.0.1:1")).credentials("AKID", SECRET)
              .build())) {
            b.declareQueue("down.q");
            return b;
          }
        });

    PrintStream err = System.err;
    PrintStream out = System.out;
    ByteArrayOutputStream logs = new ByteArrayOutputStream();
    List<String> seen = new ArrayList<>();
    try (PrintStream capture = new PrintStream(logs, true, StandardCharsets.UTF_8)) {
      System.setErr(capture);
      System.setOut(capture);
      for (int i = 0; i < paths.size(); i++) {
        Throwable t = catchThrowable(paths.get(i)::get);
        assertThat(t).as("path %d fails", i).isNotNull();
        if (i < paths.size() - 1 && i != 8) {
          assertThat(t).as("path %d", i).isInstanceOf(InvalidConfigException.class);
        }
        seen.add(i + ": " + ThrowableTexts.of(t));
      }
      // toString() of configs built from URIs with secrets in every place they may stand.
      seen.add(parse("sqs://AKID:" + SECRET + "@us-east-1", Map.of("idStore",
          "postgresql://app:" + SECRET + "@db/docket?password=" + SECRET)).toString());
      seen.add(new BrokerConfig(URI.create("sqs://AKID:" + SECRET + "@us-east-1?endpoint=x"),
          Map.of("secretAccessKey", SECRET), Clock.systemUTC()).toString());
    } finally {
      System.setErr(err);
      System.setOut(out);
    }
    String all = String.join("\n", seen);
    assertThat(all).as("exceptions and toString()").doesNotContain(SECRET);
    assertThat(logs.toString(StandardCharsets.UTF_8)).as("log output").doesNotContain(SECRET);
    // Each path says what is wrong, not just that something is.
    assertThat(all).contains("must start with sqs://", "names no valid region",
        "user info without a secret", "prefix", "priorityBands", "'nope' is unknown",
        "batchLinger", "idStore=<unparseable URI>", "scheme 'nosuch'", "no user info, query",
        "http:// or https://", "not a valid URI", "SQS is unavailable");
  }

  @Test
  @DisplayName("issue 10.14: '+' in a URI secret stays '+', percent escapes are decoded")
  void item14_plusInSecret_isNotASpace() {
    SqsBrokerConfig c = parse("sqs://AKID:ab+cd%2Bef%2F@us-east-1", Map.of());
    assertThat(c.secretAccessKey()).isEqualTo("ab+cd+ef/");
    SqsBrokerConfig q = parse("sqs://us-east-1?accessKeyId=AK+ID&secretAccessKey=wJal+rX%2FY",
        Map.of());
    assertThat(q.accessKeyId()).isEqualTo("AK+ID");
    assertThat(q.secretAccessKey()).isEqualTo("wJal+rX/Y");
  }
}
