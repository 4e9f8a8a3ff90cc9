package dev.docket.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.docket.Docket;
import dev.docket.InvalidConfigException;
import dev.docket.spi.StateStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue 10.14 and 10.15: the password of a state store URI reaches the driver intact ({@code +}
 * is a plus, not a space) and nowhere else; {@code sslmode} is passed through and checked.
 */
class PostgresConfigSecretsTest {

  /** The secret as written in a URI; its decoded form is {@link #SECRET}. */
  private static final String RAW_SECRET = "Sup3r+S3cret%2Fpw";
  private static final String SECRET = "Sup3r+S3cret/pw";

  private static final Clock CLOCK = Clock.systemUTC();

  @Test
  @DisplayName("issue 10.14: a '+' in the password is a plus, not a space")
  void item14_plusInPasswordReachesTheDriver() {
    PostgresStoreProvider.Target t = PostgresStoreProvider.target(
        URI.create("postgresql://ada+lovelace:" + RAW_SECRET + "@db.internal:5432/app"));
    assertThat(t.properties().getProperty("password")).isEqualTo(SECRET);
    assertThat(t.properties().getProperty("user")).isEqualTo("ada+lovelace");
    assertThat(t.toString()).doesNotContain("S3cret");
  }

  @Test
  @DisplayName("issue 10.15: ?sslmode=verify-full reaches the JDBC connection properties")
  void item15_sslmodeIsPassedToTheDriver() {
    PostgresStoreProvider.Target t = PostgresStoreProvider.target(URI.create(
        "postgresql://ada:pw@db.internal:5432/app?sslmode=verify-full"
            + "&sslrootcert=%2Fetc%2Fca.pem"));
    assertThat(t.properties().getProperty("sslmode")).isEqualTo("verify-full");
    assertThat(t.properties().getProperty("sslrootcert")).isEqualTo("/etc/ca.pem");
    assertThat(t.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:5432/app");
  }

  @Test
  @DisplayName("issue 10.15: verify-full against a server without a trusted certificate fails"
      + " at open, so the driver really got it")
  void item15_verifyFullIsEnforcedByTheDriver() {
    URI server = PostgresStoreProviderTest.serverUri();
    Throwable t = catchThrowable(() -> new PostgresStoreProvider().create(
        URI.create(server + "?table=docket_state_ssl&sslmode=verify-full"), CLOCK).close());
    assertThat(t).as("open with sslmode=verify-full against the local test server").isNotNull();
    assertThat(causes(t)).anyMatch(m -> m.contains("SSL") || m.contains("certificate")
        || m.contains("root.crt"));
  }

  @Test
  @DisplayName("issue 10.15: an invalid sslmode is refused before connecting, naming the modes")
  void item15_invalidSslmodeIsRejected() {
    assertThatThrownBy(() -> new PostgresStoreProvider().create(
        URI.create("postgresql://ada:pw@127.0.0.1:1/app?sslmode=verify_full"), CLOCK))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("sslmode='verify_full'")
        .hasMessageContaining("verify-full");
  }

  @Test
  @DisplayName("issue 10.14: no config error path shows the password, in a message, a"
      + " toString() or a log line")
  void item14_noErrorPathShowsTheSecret() {
    URI server = PostgresStoreProviderTest.serverUri();
    String hostPort = server.getHost() + ":" + (server.getPort() < 0 ? 5432 : server.getPort());
    String user = server.getUserInfo() == null ? "postgres" : server.getUserInfo().split(":")[0];
    String cred = user + ":" + RAW_SECRET + "@";
    List<String> uris = List.of(
        "postgresql://" + cred + "/app",                                   // no host
        "postgresql://" + cred + "127.0.0.1:5432/",                        // no database
        "postgresql://" + cred + "127.0.0.1:5432/app?poolSize=zero",
        "postgresql://" + cred + "127.0.0.1:5432/app?poolSize=0",
        "postgresql://" + cred + "127.0.0.1:5432/app?borrowTimeout=soon",
        "postgresql://" + cred + "127.0.0.1:5432/app?colour=blue",
        "postgresql://" + cred + "127.0.0.1:5432/app?sslmode=sometimes",
        "postgresql://" + cred + "127.0.0.1:5432/app?sslpassword=%ff",
        "postgresql://" + user + ":Sup3r%ffS3cret@127.0.0.1:5432/app",     // bad escape
        "postgresql://" + cred + "127.0.0.1:1/app?connectTimeout=1",       // unreachable
        "postgresql://" + cred + hostPort + "/app?table=Bad-Name",
        "postgresql://" + cred + hostPort + "/no_such_database_docket?connectTimeout=5");
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream err = System.err;
    PrintStream out = System.out;
    List<String> seen = new ArrayList<>();
    PrintStream tee = new PrintStream(captured, true, StandardCharsets.UTF_8);
    System.setErr(tee);
    System.setOut(tee);
    try {
      for (String uri : uris) {
        Throwable t = catchThrowable(() -> {
          StateStore s = new PostgresStoreProvider().create(URI.create(uri), CLOCK);
          seen.add(s.toString());
          s.close();
        });
        assertThat(t).as("opening %s fails", uri.replace(RAW_SECRET, "<secret>")).isNotNull();
        seen.add(describe(t));
        // Through the client's configuration too, where the URI is parsed first.
        Throwable viaDocket = catchThrowable(() -> Docket.fromConfig(Map.of(
            "docket.broker.uri", "memory://", "docket.store.uri", uri)).close());
        assertThat(viaDocket).isNotNull();
        seen.add(describe(viaDocket));
      }
      // A URI that does not even parse (a space in the password).
      Throwable unparseable = catchThrowable(() -> Docket.fromConfig(Map.of(
          "docket.broker.uri", "memory://", "docket.store.uri",
          "postgresql://" + user + ":Sup3r S3cret@127.0.0.1:5432/app")).close());
      assertThat(unparseable).isInstanceOf(InvalidConfigException.class);
      seen.add(describe(unparseable));
    } finally {
      System.setErr(err);
      System.setOut(out);
    }
    seen.add(captured.toString(StandardCharsets.UTF_8));
    for (String text : seen) {
      assertThat(text).doesNotContain("S3cret").doesNotContain("Sup3r");
    }
  }

  /** Message, toString and stack trace (with every cause and suppressed exception). */
  private static String describe(Throwable t) {
    StringWriter w = new StringWriter();
    t.printStackTrace(new PrintWriter(w));
    return t + "\n" + w;
  }

  private static List<String> causes(Throwable t) {
    List<String> out = new ArrayList<>();
    for (Throwable c = t; c != null; c = c.getCause()) {
      out.add(String.valueOf(c.getMessage()));
    }
    return out;
  }
}
