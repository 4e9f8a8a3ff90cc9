package dev.docket.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.docket.Docket;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DemoTest {

  @Test
  void run_onTheDefaultBroker_exitsZeroAndSaysSo() throws Exception {
    String uri = System.getenv(Docket.ENV_BROKER_URI);
    assumeTrue(uri == null || uri.isBlank() || uri.startsWith("memory:"),
        "the CLI smoke test runs on memory:// only; DOCKET_BROKER_URI is " + uri);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int exit = Demo.run(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(exit).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("Docket demo on", "Demo finished as expected: 14 jobs")
        .contains("Workflows: a chain, a chord and a cron job",
            "chain SUCCEEDED: receipt for order-42: 37.50 EUR",
            "chord SUCCEEDED: gallery.publish ran 1 time(s) with [cover-64.png, cover-128.png,"
                + " cover-256.png, cover-512.png]",
            "cron ticks, each once");
  }
}
