package dev.docket.broker.redis.internal;

import dev.docket.BrokerUnavailableException;
import dev.docket.DocketException;
import dev.docket.InvalidConfigException;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandInterruptedException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * A Lettuce client and its connections, standalone or cluster: one shared command connection
 * (thread-safe, pipelined) and one pub/sub connection. Translates driver exceptions at the
 * boundary; messages carry the redacted URI only. Thread-safe.
 */
public final class RedisLink implements AutoCloseable {

  /** Keys are strings, values raw bytes: bodies are binary. */
  public static final RedisCodec<String, byte[]> CODEC =
      RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  // Event loops are shared by every broker of the process: a broker per test or per tenant must
  // not cost a thread pool each. Daemon threads; they live as long as the JVM.
  private static @Nullable ClientResources shared;

  private final String where;
  private final @Nullable RedisClient client;
  private final @Nullable RedisClusterClient clusterClient;
  private final StatefulConnection<String, byte[]> connection;
  private final RedisClusterAsyncCommands<String, byte[]> commands;
  private final @Nullable StatefulRedisPubSubConnection<String, byte[]> pubSub;

  private RedisLink(URI uri, String where, boolean cluster, boolean withPubSub) {
    this.where = where;
    RedisURI redisUri = toRedisUri(uri, where);
    try {
      if (cluster) {
        RedisClusterClient c = RedisClusterClient.create(resources(), redisUri);
        c.setOptions(ClusterClientOptions.builder()
            .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(10)).build())
            .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                .enablePeriodicRefresh(Duration.ofSeconds(30)).build())
            .build());
        var conn = c.connect(CODEC);
        this.clusterClient = c;
        this.client = null;
        this.connection = conn;
        this.commands = conn.async();
        this.pubSub = withPubSub ? c.connectPubSub(CODEC) : null;
      } else {
        RedisClient c = RedisClient.create(resources(), redisUri);
        c.setOptions(ClientOptions.builder()
            .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(10)).build())
            .build());
        var conn = c.connect(CODEC);
        this.client = c;
        this.clusterClient = null;
        this.connection = conn;
        this.commands = conn.async();
        this.pubSub = withPubSub ? c.connectPubSub(CODEC) : null;
      }
    } catch (RedisException e) {
      throw new BrokerUnavailableException("cannot connect to Redis at " + where + ": "
          + e.getMessage(), e);
    }
  }

  /** Connects. {@code where} is the redacted URI, for messages. */
  public static RedisLink connect(URI uri, String where, boolean cluster, boolean withPubSub) {
    return new RedisLink(uri, where, cluster, withPubSub);
  }

  private static synchronized ClientResources resources() {
    if (shared == null) {
      shared = DefaultClientResources.create();
    }
    return shared;
  }

  /** Builds the Lettuce URI by hand, so query options stay Docket's and secrets stay out of logs. */
  public static RedisURI toRedisUri(URI uri, String where) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("redis") && !scheme.equals("rediss")) {
      throw new InvalidConfigException("Redis URI " + where + " must start with redis:// or"
          + " rediss:// (TLS)");
    }
    if (uri.getHost() == null) {
      throw new InvalidConfigException("Redis URI " + where + " names no host; write e.g."
          + " redis://localhost:6379/0");
    }
    RedisURI.Builder b = RedisURI.builder().withHost(uri.getHost())
        .withPort(uri.getPort() < 0 ? RedisURI.DEFAULT_REDIS_PORT : uri.getPort())
        .withSsl(scheme.equals("rediss"))
        .withTimeout(TIMEOUT);
    String info = uri.getRawUserInfo();
    if (info != null && !info.isEmpty()) {
      int colon = info.indexOf(':');
      String user = colon < 0 ? "" : decode(info.substring(0, colon));
      String password = decode(colon < 0 ? info : info.substring(colon + 1));
      if (user.isEmpty()) {
        b.withPassword(password.toCharArray());
      } else {
        b.withAuthentication(user, password.toCharArray());
      }
    }
    String path = uri.getPath();
    if (path != null && path.length() > 1) {
      try {
        b.withDatabase(Integer.parseInt(path.substring(1)));
      } catch (NumberFormatException e) {
        throw new InvalidConfigException("Redis URI " + where + ": the path must be a database"
            + " number such as /0, was " + path);
      }
    }
    return b.build();
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  /**
   * Runs {@code action} whenever a connection of this link (re)connects, e.g. to re-check for
   * work whose pub/sub wake-up may have been lost while it was down.
   */
  public void onConnected(Runnable action) {
    RedisConnectionStateListener listener = new RedisConnectionStateListener() {
      @Override
      public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
        action.run();
      }
    };
    if (client != null) {
      client.addListener(listener);
    }
    if (clusterClient != null) {
      clusterClient.addListener(listener);
    }
  }

  /** The async commands of the shared connection. */
  public RedisClusterAsyncCommands<String, byte[]> commands() {
    return commands;
  }

  /** The pub/sub connection; present when asked for at connect. */
  public StatefulRedisPubSubConnection<String, byte[]> pubSub() {
    if (pubSub == null) {
      throw new IllegalStateException("this link has no pub/sub connection");
    }
    return pubSub;
  }

  /** Runs a script that returns an integer. */
  public long evalLong(Script script, String[] keys, byte[]... args) {
    Long n = this.<Long>eval(script, ScriptOutputType.INTEGER, keys, args);
    return n;
  }

  /** Runs a script that returns an array (integers as Long, strings as byte[]). */
  public List<Object> evalList(Script script, String[] keys, byte[]... args) {
    return this.<List<Object>>eval(script, ScriptOutputType.MULTI, keys, args);
  }

  /** Runs a script by SHA, sending its body once when the server does not know it. */
  @SuppressWarnings("TypeParameterUnusedInFormals") // Lettuce's own evalsha has this shape.
  private <T> T eval(Script script, ScriptOutputType type, String[] keys, byte[]... args) {
    try {
      return await(commands.<T>evalsha(script.sha(), type, keys, args));
    } catch (DocketException e) {
      if (e.getCause() instanceof RedisCommandExecutionException x
          && x.getMessage() != null && x.getMessage().startsWith("NOSCRIPT")) {
        // First use on this server (or after a restart, failover or SCRIPT FLUSH): EVAL caches it.
        return await(commands.<T>eval(script.body(), type, keys, args));
      }
      throw e;
    }
  }

  /**
   * Waits for a command without being interruptible, so a command that was sent is never
   * abandoned halfway (a lease it takes is always seen). The interrupt flag is kept.
   */
  public <T> T await(RedisFuture<T> future) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } catch (ExecutionException e) {
      throw translate(e.getCause() == null ? e : e.getCause());
    } catch (TimeoutException e) {
      throw new BrokerUnavailableException("Redis at " + where + " did not answer within "
          + TIMEOUT, e);
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private DocketException translate(Throwable e) {
    if (e instanceof RedisCommandExecutionException) {
      return new DocketException("Redis at " + where + " refused a command: " + e.getMessage(), e);
    }
    if (e instanceof RedisCommandInterruptedException) {
      return new BrokerUnavailableException("interrupted while talking to Redis at " + where, e);
    }
    return new BrokerUnavailableException("Redis at " + where + " is unavailable: "
        + e.getMessage(), e);
  }

  @Override
  public void close() {
    try {
      if (pubSub != null) {
        pubSub.close();
      }
      connection.close();
    } finally {
      if (client != null) {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      }
      if (clusterClient != null) {
        clusterClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      }
    }
  }

  @Override
  public String toString() {
    return "RedisLink[" + where + "]";
  }
}
