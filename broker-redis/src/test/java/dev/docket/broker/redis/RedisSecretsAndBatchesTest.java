package dev.docket.broker.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.docket.broker.redis.internal.QueueKeys;
import dev.docket.broker.redis.internal.RedisLink;
import dev.docket.spi.BrokerConfig;
import dev.docket.spi.Delivery;
import dev.docket.spi.FetchRequest;
import dev.docket.spi.Message;
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisURI;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Issue 10 items 14 (credentials) and 7 (batched lease extension) on Redis. */
class RedisSecretsAndBatchesTest {

  private static final String SECRET = "Xyz+S3cret+pw";

  // ---- 10.14 ----

  @Test
  @DisplayName("issue 10.14: '+' in a URI user or password stays '+'; only %XX is decoded")
  void item14_plusInPassword_staysPlus() {
    RedisURI u = RedisLink.toRedisUri(URI.create("redis://app+1:a+b%2Bc%25@localhost:6379"), "x");
    RedisCredentials c = u.getCredentialsProvider().resolveCredentials().block();
    assertThat(c.getUsername()).isEqualTo("app+1");
    assertThat(new String(c.getPassword())).isEqualTo("a+b+c%");
  }

  @Test
  @DisplayName("issue 10.14: no config error path puts the URI password into a message,"
      + " toString() or log line")
  void item14_configErrors_neverLeakTheSecret() throws Exception {
    PrintStream err = System.err;
    PrintStream out = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream tee = new PrintStream(captured, true, StandardCharsets.UTF_8);
    List<String> seen = new ArrayList<>();
    System.setErr(tee);
    System.setOut(tee);
    try (PrivateRedis evicting = PrivateRedis.startWithPassword(6405, SECRET,
        "--maxmemory-policy", "allkeys-lru")) {
      URI good = evicting.uri();
      URI wrongPassword = URI.create("redis://:" + SECRET + "-wrong@127.0.0.1:6405");
      Map<String, Map<String, String>> badOptions = new HashMap<>();
      badOptions.put("unknown option", Map.of("colour", "red"));
      badOptions.put("bad values", Map.of("cluster", "maybe", "maxMessageBytes", "lots",
          "commandTimeout", "soon", "allowEviction", "perhaps", "keyPrefix", "{x}"));
      badOptions.put("out of range", Map.of("commandTimeout", "PT5H", "maxMessageBytes", "0"));
      for (Map.Entry<String, Map<String, String>> e : badOptions.entrySet()) {
        seen.add(failure(e.getKey(), () -> new RedisBrokerProvider().create(
            new BrokerConfig(good, e.getValue(), Clock.systemUTC()))));
      }
      for (String bad : List.of("http://:" + SECRET + "@127.0.0.1:6405",
          "redis://:" + SECRET + "@127.0.0.1:6405/db",
          "redis://:" + SECRET + "%C3%28@127.0.0.1:6405")) {
        URI uri = safeUri(bad);
        if (uri != null) {
          seen.add(failure("bad URI", () -> new RedisBrokerProvider().create(
              new BrokerConfig(uri, Map.of(), Clock.systemUTC()))));
          seen.add(failure("bad store URI", () -> new RedisStoreProvider().create(uri,
              Clock.systemUTC())));
        }
      }
      seen.add(failure("store option", () -> new RedisStoreProvider().create(
          URI.create(good + "?colour=red"), Clock.systemUTC())));
      seen.add(failure("wrong password", () -> RedisBroker.create(
          RedisBrokerConfig.builder().uri(wrongPassword).build())));
      seen.add(failure("eviction refused", () -> RedisBroker.create(RedisBrokerConfig.builder().uri(good).build())));
      RedisBrokerConfig config = RedisBrokerConfig.builder().uri(good).allowEviction(true).build();
      seen.add(config.toString());
      try (RedisBroker allowed = RedisBroker.create(config)) {
        seen.add(allowed.toString());
      }
    } finally {
      System.setErr(err);
      System.setOut(out);
    }
    String logs = captured.toString(StandardCharsets.UTF_8);
    err.print(logs);
    assertThat(seen).hasSizeGreaterThanOrEqualTo(10);
    assertThat(String.join("\n", seen)).as("messages, stack traces and toString()")
        .doesNotContain("S3cret").contains("maxmemory-policy allkeys-lru")
        .contains("commandTimeout").contains("colour");
    assertThat(logs).as("log output").doesNotContain("S3cret").contains("allowEviction=true");
  }

  private static URI safeUri(String s) {
    try {
      return new URI(s);
    } catch (java.net.URISyntaxException e) {
      return null;
    }
  }

  /** The full stack trace (every message of the cause chain) of what {@code action} threw. */
  private static String failure(String what, Runnable action) {
    try {
      action.run();
    } catch (RuntimeException e) {
      StringWriter w = new StringWriter();
      e.printStackTrace(new PrintWriter(w));
      return what + ": " + e + "\n" + w;
    }
    return fail(what + " did not fail");
  }

  // ---- 10.7 ----

  @Test
  @DisplayName("issue 10.7: extendLeases of 1,000 leases is a couple of scripts, answers each"
      + " (stale tokens false) and moves every deadline")
  void item7_extendLeases_isOneBatchForAThousand() throws Exception {
    String prefix = "test-" + UUID.randomUUID();
    // Owners off (heartbeat zero): the owner heartbeat is a script too, and on a loaded machine
    // one beat could land inside the counted window and make the count 3 or 4.
    try (PrivateRedis redis = PrivateRedis.start(6406);
        RedisBroker broker = RedisBroker.create(RedisBrokerConfig.builder().uri(redis.uri())
            .keyPrefix(prefix).heartbeat(Duration.ZERO).build())) {
      String q = "ext";
      broker.publish(q, IntStream.range(0, 1000).mapToObj(i -> Message.of("e" + i,
          new byte[] {1}, Map.of())).toList());
      List<Delivery> leased = broker.fetch(FetchRequest.of(q, 1000, Duration.ofSeconds(30),
          Duration.ZERO));
      assertThat(leased).hasSize(1000);
      // Ten stale tokens: acked jobs, and a token that never held a lease.
      for (int i = 0; i < 9; i++) {
        assertThat(broker.ack(leased.get(i * 100))).isTrue();
      }
      Delivery forged = leased.get(999);
      leased = new ArrayList<>(leased);
      leased.set(999, new Delivery(forged.queue(), forged.id(), forged.body(), forged.headers(),
          forged.priority(), forged.deliveryCount(), forged.enqueuedAt(), "999999999",
          forged.leaseExpiresAt()));
      // The script is cached on the server (as in a running worker), then statistics restart.
      assertThat(broker.extendLease(leased.get(1), Duration.ofSeconds(30))).isTrue();
      redis.cli("CONFIG", "RESETSTAT");
      long serverBefore = serverMillis(redis);
      List<Boolean> answers = broker.extendLeases(leased, Duration.ofMinutes(10));
      assertThat(answers).hasSize(1000);
      for (int i = 0; i < 1000; i++) {
        boolean stale = i % 100 == 0 && i < 900 || i == 999;
        assertThat(answers.get(i)).as("answer for lease %s", i).isEqualTo(!stale);
      }
      assertThat(scriptCalls(redis.cli("INFO", "commandstats")))
          .as("script calls for 1,000 leases of one queue (500 per script)")
          .isEqualTo(2);
      String leasedKey = QueueKeys.of(prefix, q).keys()[4];
      // 991 still leased: 990 moved to at least ten minutes from before the call, and e999,
      // whose real token was not presented, kept its 30 s deadline.
      assertThat(redis.cli("ZCOUNT", leasedKey,
          Long.toString(serverBefore + Duration.ofMinutes(10).toMillis()), "+inf"))
          .as("deadlines moved by the extension").isEqualTo("990");
      assertThat(redis.cli("ZCARD", leasedKey)).isEqualTo("991");
    }
  }

  private static long serverMillis(PrivateRedis redis) throws Exception {
    String[] t = redis.cli("TIME").split("\\s+");
    return Long.parseLong(t[0]) * 1000 + Long.parseLong(t[1]) / 1000;
  }

  /** Calls of EVALSHA plus EVAL since the last CONFIG RESETSTAT. */
  /** EVAL and EVALSHA calls in an {@code INFO commandstats} answer. */
  static int scriptCalls(String commandStats) {
    int n = 0;
    Matcher m = Pattern.compile("cmdstat_(evalsha|eval):calls=(\\d+)").matcher(commandStats);
    while (m.find()) {
      n += Integer.parseInt(m.group(2));
    }
    return n;
  }
}
