package dev.docket.broker.redis.internal;

import dev.docket.BrokerUnavailableException;
import dev.docket.DocketException;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandInterruptedException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * A Lettuce client and its connections, standalone or cluster: one shared command connection
 * (thread-safe, pipelined) and one pub/sub connection. Translates driver exceptions at the
 * boundary; messages carry the redacted URI only. Thread-safe.
 *
 * <p>Lettuce's defaults do not fit a job queue: every command gets a timeout, the queue of
 * commands waiting for the server is bounded, and commands are rejected at once while the
 * connection is down instead of queued and replayed after a reconnect (an enqueue the caller
 * gave up on must not be stored later; see {@code reserve.lua} for a reserve that runs late
 * anyway).
 */
public final class RedisLink implements AutoCloseable {

  /** Keys are strings, values raw bytes: bodies are binary. */
  public static final RedisCodec<String, byte[]> CODEC =
      RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

  /** Default command timeout. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  /** Most commands queued for the server per connection; more are refused at once. */
  public static final int REQUEST_QUEUE_SIZE = 65_536;

  // Event loops are shared by every broker of the process: a broker per test or per tenant must
  // not cost a thread pool each. Daemon threads; they live as long as the JVM.
  private static @Nullable ClientResources shared;

  private final String where;
  private final Duration timeout;
  private final @Nullable RedisClient client;
  private final @Nullable RedisClusterClient clusterClient;
  private final StatefulConnection<String, byte[]> connection;
  private final RedisClusterAsyncCommands<String, byte[]> commands;
  private final @Nullable StatefulRedisPubSubConnection<String, byte[]> pubSub;

  private RedisLink(URI uri, String where, boolean cluster, boolean withPubSub, Duration timeout) {
    this.where = where;
    this.timeout = timeout;
    RedisURI redisUri = RedisUris.toRedisUri(uri, where, timeout);
    SocketOptions socket = SocketOptions.builder().connectTimeout(Duration.ofSeconds(10)).build();
    TimeoutOptions timeouts = TimeoutOptions.builder().fixedTimeout(timeout).build();
    try {
      if (cluster) {
        RedisClusterClient c = RedisClusterClient.create(resources(), redisUri);
        c.setOptions(common(ClusterClientOptions.builder(), socket, timeouts)
            // After a master dies, commands for its slots are rejected until the topology is
            // read again. Lettuce's adaptive refresh (on by default: persistent reconnects, MOVED)
            // may run every 1 s instead of 5 s, so the promoted replica is found sooner.
            .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                .enablePeriodicRefresh(Duration.ofSeconds(30))
                .adaptiveRefreshTriggersTimeout(Duration.ofSeconds(1)).build())
            .build());
        var conn = c.connect(CODEC);
        // Node connections open lazily, and REJECT_COMMANDS refuses a command whose node
        // connection is still opening: open every master's now.
        for (RedisClusterNode node : conn.getPartitions()) {
          if (node.is(RedisClusterNode.NodeFlag.UPSTREAM)) {
            conn.getConnection(node.getUri().getHost(), node.getUri().getPort());
            conn.getConnection(node.getNodeId());
          }
        }
        this.clusterClient = c;
        this.client = null;
        this.connection = conn;
        this.commands = conn.async();
        this.pubSub = withPubSub ? c.connectPubSub(CODEC) : null;
      } else {
        RedisClient c = RedisClient.create(resources(), redisUri);
        c.setOptions(common(ClientOptions.builder(), socket, timeouts).build());
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

  /** Connects with the default timeout. {@code where} is the redacted URI, for messages. */
  public static RedisLink connect(URI uri, String where, boolean cluster, boolean withPubSub) {
    return new RedisLink(uri, where, cluster, withPubSub, DEFAULT_TIMEOUT);
  }

  /** Connects; every command fails after {@code timeout} without an answer. */
  public static RedisLink connect(URI uri, String where, boolean cluster, boolean withPubSub,
      Duration timeout) {
    return new RedisLink(uri, where, cluster, withPubSub, timeout);
  }

  /** The command timeout. */
  public Duration timeout() {
    return timeout;
  }

  /**
   * The options a standalone and a cluster client share: connect and command timeouts, a bounded
   * request queue, and commands refused (not queued) while disconnected.
   */
  private static <B extends ClientOptions.Builder> B common(B builder, SocketOptions socket,
      TimeoutOptions timeouts) {
    builder.socketOptions(socket)
        .timeoutOptions(timeouts)
        .requestQueueSize(REQUEST_QUEUE_SIZE)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
    return builder;
  }

  private static synchronized ClientResources resources() {
    if (shared == null) {
      shared = DefaultClientResources.create();
    }
    return shared;
  }

  /** Builds the Lettuce URI by hand, so query options stay Docket's and secrets stay out of logs. */
  public static RedisURI toRedisUri(URI uri, String where) {
    return RedisUris.toRedisUri(uri, where, DEFAULT_TIMEOUT);
  }

  /**
   * {@code maxmemory-policy} of every server this link writes to (each master of a cluster), or
   * an empty list when the server refuses {@code CONFIG GET} (disabled or renamed, as managed
   * services do).
   */
  public List<String> maxmemoryPolicies() {
    List<String> out = new ArrayList<>();
    try {
      if (connection instanceof StatefulRedisClusterConnection<String, byte[]> c) {
        for (RedisClusterNode node : c.getPartitions()) {
          if (node.is(RedisClusterNode.NodeFlag.UPSTREAM)) {
            out.add(policy(await(c.getConnection(node.getNodeId()).async()
                .configGet("maxmemory-policy"))));
          }
        }
      } else {
        out.add(policy(await(commands.configGet("maxmemory-policy"))));
      }
    } catch (DocketException e) {
      if (e instanceof BrokerUnavailableException) {
        throw e;
      }
      return List.of();
    }
    return out;
  }

  private static String policy(Map<String, String> reply) {
    String v = reply.get("maxmemory-policy");
    return v == null ? "" : v;
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

  /**
   * {@code WAIT replicas timeoutMs} on the connection that carried the last write to {@code
   * key}'s node (the shared connection, or in a cluster the node connection Lettuce routes the
   * key's slot to), so it waits for that write; returns how many replicas acknowledged it.
   */
  public long waitForReplicas(String key, int replicas, long timeoutMs) {
    if (connection instanceof StatefulRedisClusterConnection<String, byte[]> c) {
      RedisClusterNode master = c.getPartitions().getMasterBySlot(SlotHash.getSlot(key));
      if (master == null) {
        throw new BrokerUnavailableException("Redis Cluster at " + where + " has no master for"
            + " the slot of " + key + " (failover in progress?)");
      }
      try {
        // getConnection(host, port) is the pooled WRITE connection slot routing uses.
        return await(c.getConnection(master.getUri().getHost(), master.getUri().getPort())
            .async().waitForReplication(replicas, timeoutMs));
      } catch (RedisException e) {
        throw translate(e);
      }
    }
    return await(commands.waitForReplication(replicas, timeoutMs));
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

  /**
   * Sends one script call per entry at once (one pipeline, one round trip) and waits for every
   * answer; answers in order. A call whose script the server does not know is sent again in full.
   */
  public List<List<Object>> evalListAll(Script script, List<String[]> keys, List<byte[][]> args) {
    List<RedisFuture<List<Object>>> futures = new ArrayList<>(keys.size());
    for (int i = 0; i < keys.size(); i++) {
      futures.add(commands.<List<Object>>evalsha(script.sha(), ScriptOutputType.MULTI,
          keys.get(i), args.get(i)));
    }
    List<List<Object>> out = new ArrayList<>(keys.size());
    for (int i = 0; i < futures.size(); i++) {
      try {
        out.add(await(futures.get(i)));
      } catch (DocketException e) {
        if (!noScript(e)) {
          throw e;
        }
        out.add(await(commands.<List<Object>>eval(script.body(), ScriptOutputType.MULTI,
            keys.get(i), args.get(i))));
      }
    }
    return out;
  }

  private static boolean noScript(DocketException e) {
    return e.getCause() instanceof RedisCommandExecutionException x
        && x.getMessage() != null && x.getMessage().startsWith("NOSCRIPT");
  }

  /** Runs a script by SHA, sending its body once when the server does not know it. */
  @SuppressWarnings("TypeParameterUnusedInFormals") // Lettuce's own evalsha has this shape.
  private <T> T eval(Script script, ScriptOutputType type, String[] keys, byte[]... args) {
    try {
      return await(commands.<T>evalsha(script.sha(), type, keys, args));
    } catch (DocketException e) {
      if (noScript(e)) {
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
          // Lettuce times the command out itself; this bound is only a backstop.
          return future.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } catch (ExecutionException e) {
      throw translate(e.getCause() == null ? e : e.getCause());
    } catch (TimeoutException e) {
      throw new BrokerUnavailableException("Redis at " + where + " did not answer within "
          + timeout, e);
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private DocketException translate(Throwable e) {
    if (e instanceof RedisCommandExecutionException && e.getMessage() != null
        && e.getMessage().startsWith("OOM")) {
      return new DocketException("Redis at " + where + " is full: its used memory reached"
          + " maxmemory and it refuses writes (maxmemory-policy noeviction keeps what is stored);"
          + " nothing of this command was stored. Raise maxmemory, or drain or purge queues: "
          + e.getMessage(), e);
    }
    if (e instanceof RedisCommandTimeoutException) {
      return new BrokerUnavailableException("Redis at " + where + " did not answer within "
          + timeout + " (option commandTimeout)", e);
    }
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
