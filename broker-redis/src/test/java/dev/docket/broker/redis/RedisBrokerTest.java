package dev.docket.broker.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.docket.BrokerUnavailableException;
import dev.docket.FailureReason;
import dev.docket.InvalidConfigException;
import dev.docket.JobFailure;
import dev.docket.broker.redis.internal.QueueKeys;
import dev.docket.broker.redis.internal.RedisLink;
import dev.docket.spi.BrokerConfig;
import dev.docket.spi.BrokerProvider;
import dev.docket.spi.DeadLetterFilter;
import dev.docket.spi.Delivery;
import dev.docket.spi.FetchRequest;
import dev.docket.spi.Message;
import dev.docket.spi.StoreProvider;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.SlotHash;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the TCK does not cover: URIs, options, key layout, script reloads, token uniqueness. */
class RedisBrokerTest {

  private final String prefix = "test-" + UUID.randomUUID();

  @AfterEach
  void deleteKeys() {
    RedisTestServer.deleteKeys(prefix);
  }

  private RedisBroker broker() {
    return RedisBroker.create(RedisBrokerConfig.builder().uri(RedisTestServer.uri()).keyPrefix(prefix).build());
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void uri_credentialsDatabaseAndTls_reachLettuce() {
    RedisURI u = RedisLink.toRedisUri(URI.create("rediss://app:s3cr%3At@cache.example:6380/3"),
        "x");
    assertThat(u.getHost()).isEqualTo("cache.example");
    assertThat(u.getPort()).isEqualTo(6380);
    assertThat(u.isSsl()).isTrue();
    assertThat(u.getDatabase()).isEqualTo(3);
    RedisCredentials creds = u.getCredentialsProvider().resolveCredentials().block();
    assertThat(creds.getUsername()).isEqualTo("app");
    assertThat(new String(creds.getPassword())).isEqualTo("s3cr:t");
    RedisURI plain = RedisLink.toRedisUri(URI.create("redis://:pw@localhost"), "x");
    assertThat(plain.getPort()).isEqualTo(6379);
    assertThat(plain.isSsl()).isFalse();
    RedisCredentials plainCreds = plain.getCredentialsProvider().resolveCredentials().block();
    assertThat(plainCreds.hasUsername()).isFalse();
    assertThat(new String(plainCreds.getPassword())).isEqualTo("pw");
  }

  @Test
  void uri_badSchemeOrDatabase_isAClearError() {
    assertThatThrownBy(() -> RedisLink.toRedisUri(URI.create("http://localhost:6379"), "x"))
        .isInstanceOf(InvalidConfigException.class).hasMessageContaining("redis://");
    assertThatThrownBy(() -> RedisLink.toRedisUri(URI.create("redis://localhost:6379/abc"), "x"))
        .isInstanceOf(InvalidConfigException.class).hasMessageContaining("database number");
  }

  @Test
  void options_unknownOrMalformed_areAllReported() {
    BrokerConfig config = new BrokerConfig(URI.create("redis://localhost:6379"),
        Map.of("cluster", "maybe", "maxMessageBytes", "lots", "colour", "red"), Clock.systemUTC());
    assertThatThrownBy(() -> RedisBrokerConfig.from(config))
        .isInstanceOf(InvalidConfigException.class)
        .satisfies(e -> assertThat(((InvalidConfigException) e).problems()).hasSize(3));
  }

  @Test
  void password_neverInMessagesOrToString() {
    URI uri = URI.create("redis://user:hunter2@127.0.0.1:1");
    RedisBrokerConfig config = RedisBrokerConfig.builder().uri(uri).build();
    assertThat(config.toString()).doesNotContain("hunter2").contains("***@127.0.0.1:1");
    assertThatThrownBy(() -> RedisBroker.create(config))
        .isInstanceOf(BrokerUnavailableException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
  }

  @Test
  void keys_ofOneQueue_shareOneClusterSlot() {
    QueueKeys k = QueueKeys.of("docket", "emails");
    int slot = SlotHash.getSlot(k.keys()[0]);
    assertThat(Arrays.stream(k.keys()).mapToInt(SlotHash::getSlot)).containsOnly(slot);
    assertThat(SlotHash.getSlot(k.channel())).isEqualTo(slot);
    assertThat(k.keys()[0]).isEqualTo("{docket:emails}:jobs");
  }

  @Test
  void providers_areFoundByScheme() {
    assertThat(ServiceLoader.load(BrokerProvider.class).stream().map(p -> p.get())
        .filter(p -> p.schemes().contains("rediss"))).hasSize(1)
        .first().isInstanceOf(RedisBrokerProvider.class);
    assertThat(ServiceLoader.load(StoreProvider.class).stream().map(p -> p.get())
        .filter(p -> p.schemes().contains("redis"))).hasSize(1)
        .first().isInstanceOf(RedisStoreProvider.class);
  }

  @Test
  void scriptCacheFlushed_scriptsAreSentAgain() throws Exception {
    try (RedisBroker broker = broker()) {
      broker.declareQueue(prefix + ".q");
      broker.publish(prefix + ".q", List.of(Message.of("a", bytes("1"), Map.of())));
      RedisClient client = RedisClient.create(RedisLink.toRedisUri(RedisTestServer.uri(), "t"));
      try (StatefulRedisConnection<String, String> c = client.connect()) {
        c.sync().scriptFlush(); // as after a restart or failover
      } finally {
        client.shutdown();
      }
      broker.publish(prefix + ".q", List.of(Message.of("b", bytes("2"), Map.of())));
      List<Delivery> got = broker.fetch(FetchRequest.of(prefix + ".q", 10, Duration.ofMinutes(1),
          Duration.ZERO));
      assertThat(got).extracting(Delivery::id).containsExactly("a", "b");
      flushScripts();
      // Combined acks take the NOSCRIPT fallback too.
      assertThat(got.parallelStream().map(broker::ack).toList()).containsOnly(true);
      assertThat(broker.stats(prefix + ".q").total()).isZero();
    }
  }

  private static void flushScripts() {
    RedisClient client = RedisClient.create(RedisLink.toRedisUri(RedisTestServer.uri(), "t"));
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      c.sync().scriptFlush();
    } finally {
      client.shutdown();
    }
  }

  @Test
  void leaseToken_fromBeforeDeadLetterAndReplay_cannotSettleTheReplayedJob() throws Exception {
    String q = prefix + ".q";
    try (RedisBroker broker = broker()) {
      broker.publish(q, List.of(Message.of("job", bytes("x"), Map.of())));
      Delivery first = broker.fetch(FetchRequest.of(q, 1, Duration.ofMinutes(1), Duration.ZERO))
          .get(0);
      assertThat(broker.deadLetter(first, new JobFailure(FailureReason.NON_RETRYABLE, "E", "m",
          "s", 1, Instant.now(), "w"))).isTrue();
      assertThat(broker.deadLetters().replay(q, DeadLetterFilter.all())).isEqualTo(1);
      Delivery second = broker.fetch(FetchRequest.of(q, 1, Duration.ofMinutes(1), Duration.ZERO))
          .get(0);
      assertThat(second.deliveryCount()).isEqualTo(1);
      assertThat(second.leaseToken()).isNotEqualTo(first.leaseToken());
      assertThat(broker.ack(first)).as("stale token from before the dead letter").isFalse();
      assertThat(broker.ack(second)).isTrue();
    }
  }

  @Test
  void acks_fromManyThreads_areCombinedAndEachChecked() throws Exception {
    String q = prefix + ".q";
    try (RedisBroker broker = broker()) {
      List<Message> msgs = java.util.stream.IntStream.range(0, 200)
          .mapToObj(i -> Message.of("m" + i, bytes("b" + i), Map.of())).toList();
      broker.publish(q, msgs);
      List<Delivery> got = broker.fetch(FetchRequest.of(q, 200, Duration.ofMinutes(1),
          Duration.ZERO));
      assertThat(got).hasSize(200);
      List<Boolean> results = got.parallelStream().map(d -> broker.ack(d) && !broker.ack(d))
          .toList();
      assertThat(results).containsOnly(true);
      assertThat(broker.stats(q).total()).isZero();
    }
  }

  @Test
  void publish_sameIdTwiceInOneCall_acceptsTheFirstOnly() throws Exception {
    String q = prefix + ".dup";
    try (RedisBroker broker = broker()) {
      assertThat(broker.publish(q, List.of(Message.of("a", bytes("first"), Map.of()),
          Message.of("b", bytes("b"), Map.of()), Message.of("a", bytes("second"), Map.of()))))
          .containsExactly(dev.docket.spi.PublishOutcome.ACCEPTED,
              dev.docket.spi.PublishOutcome.ACCEPTED, dev.docket.spi.PublishOutcome.DUPLICATE);
      assertThat(broker.publish(q, List.of(Message.of("b", bytes("again"), Map.of()))))
          .containsExactly(dev.docket.spi.PublishOutcome.DUPLICATE);
      List<Delivery> got = broker.fetch(FetchRequest.of(q, 10, Duration.ofMinutes(1),
          Duration.ZERO));
      assertThat(got).extracting(Delivery::id).containsExactly("a", "b");
      assertThat(new String(got.get(0).body(), StandardCharsets.UTF_8)).isEqualTo("first");
    }
  }
}
