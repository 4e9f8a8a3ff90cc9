package dev.docket.spring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code docket.*} properties: the keys of Docket's configuration table ({@code
 * docket.broker.uri}, {@code docket.broker.provider}, {@code docket.broker.option.<name>}, {@code
 * docket.store.uri}), plus the auto-configured worker's and health indicator's settings.
 * Metadata for IDE completion is generated from this class.
 */
@ConfigurationProperties(prefix = "docket")
public class DocketProperties {

  private final Broker broker = new Broker();
  private final Store store = new Store();
  private final WorkerSettings worker = new WorkerSettings();
  private final Health health = new Health();
  private final Metrics metrics = new Metrics();

  /** Broker settings. */
  public Broker getBroker() {
    return broker;
  }

  /** State store settings. */
  public Store getStore() {
    return store;
  }

  /** The auto-configured worker. */
  public WorkerSettings getWorker() {
    return worker;
  }

  /** The Actuator health indicator. */
  public Health getHealth() {
    return health;
  }

  /** Micrometer meters (with docket-micrometer and a MeterRegistry). */
  public Metrics getMetrics() {
    return metrics;
  }

  /** {@code docket.metrics.*}. */
  public static class Metrics {
    /** How often queue gauges poll the broker (a scrape never calls it); 0 turns polling off. */
    private Duration pollInterval = Duration.ofSeconds(15);

    /** The poll interval. */
    public Duration getPollInterval() {
      return pollInterval;
    }

    /** Sets the poll interval. */
    public void setPollInterval(Duration pollInterval) {
      this.pollInterval = pollInterval;
    }
  }

  /** {@code docket.broker.*}. */
  public static class Broker {
    /** The broker URI, e.g. redis://host:6379, amqp://user:pass@host/vhost, sqs://region/prefix-. */
    private String uri = "memory://";

    /** A broker provider by name, when two modules serve the URI's scheme. */
    private @Nullable String provider;

    /** Broker options, as if given in the URI's query (e.g. maxMessageBytes). */
    private Map<String, String> option = new LinkedHashMap<>();

    /** The broker URI. */
    public String getUri() {
      return uri;
    }

    /** Sets the broker URI. */
    public void setUri(String uri) {
      this.uri = uri;
    }

    /** The provider name, or null to pick by scheme. */
    public @Nullable String getProvider() {
      return provider;
    }

    /** Sets the provider name. */
    public void setProvider(@Nullable String provider) {
      this.provider = provider;
    }

    /** Broker options. */
    public Map<String, String> getOption() {
      return option;
    }

    /** Sets broker options. */
    public void setOption(Map<String, String> option) {
      this.option = option;
    }
  }

  /** {@code docket.store.*}. */
  public static class Store {
    /**
     * The state store URI (redis://, postgresql://, memory://): job states and results,
     * idempotency, locks, limits, cron, workflows. Defaults to in-memory for a memory:// broker.
     */
    private @Nullable String uri;

    /** The store URI, or null for the default. */
    public @Nullable String getUri() {
      return uri;
    }

    /** Sets the store URI. */
    public void setUri(@Nullable String uri) {
      this.uri = uri;
    }
  }

  /** {@code docket.worker.*}. */
  public static class WorkerSettings {
    /** Whether to run a worker for the application's @Task beans (false: producer only). */
    private boolean enabled = true;

    /** Queues the worker takes jobs from, in priority order. */
    private List<String> queues = new ArrayList<>(List.of("default"));

    /** Jobs run at once; unset: the Worker default. */
    private @Nullable Integer concurrency;

    /** How long a fetched job is leased before another worker may take it; unset: default. */
    private @Nullable Duration lease;

    /** How long stop waits for running jobs; unset: the Worker default. */
    private @Nullable Duration shutdownGrace;

    /**
     * How often the worker writes its heartbeat to the state store (what {@code docket workers}
     * and the dashboard list); unset: the Worker default (5 s).
     */
    private @Nullable Duration heartbeat;

    /** Whether the worker runs. */
    public boolean isEnabled() {
      return enabled;
    }

    /** Turns the worker on or off. */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /** The queues. */
    public List<String> getQueues() {
      return queues;
    }

    /** Sets the queues. */
    public void setQueues(List<String> queues) {
      this.queues = queues;
    }

    /** The concurrency, or null for the default. */
    public @Nullable Integer getConcurrency() {
      return concurrency;
    }

    /** Sets the concurrency. */
    public void setConcurrency(@Nullable Integer concurrency) {
      this.concurrency = concurrency;
    }

    /** The lease, or null for the default. */
    public @Nullable Duration getLease() {
      return lease;
    }

    /** Sets the lease. */
    public void setLease(@Nullable Duration lease) {
      this.lease = lease;
    }

    /** The shutdown grace, or null for the default. */
    public @Nullable Duration getShutdownGrace() {
      return shutdownGrace;
    }

    /** Sets the shutdown grace. */
    public void setShutdownGrace(@Nullable Duration shutdownGrace) {
      this.shutdownGrace = shutdownGrace;
    }

    /** The heartbeat period, or null for the default. */
    public @Nullable Duration getHeartbeat() {
      return heartbeat;
    }

    /** Sets the heartbeat period. */
    public void setHeartbeat(@Nullable Duration heartbeat) {
      this.heartbeat = heartbeat;
    }
  }

  /** {@code docket.health.*}. */
  public static class Health {
    /** Queues the health indicator checks; empty: the worker's queues. */
    private List<String> queues = new ArrayList<>();

    /** Most ready jobs a healthy queue holds. */
    private long maxReady = dev.docket.HealthThresholds.defaults().maxReady();

    /** Longest a healthy queue's oldest ready job has waited. */
    private Duration maxOldestReadyAge = dev.docket.HealthThresholds.defaults().maxOldestReadyAge();

    /** Most dead letters a healthy queue holds. */
    private long maxDead = dev.docket.HealthThresholds.defaults().maxDead();

    /** The queues checked. */
    public List<String> getQueues() {
      return queues;
    }

    /** Sets the queues checked. */
    public void setQueues(List<String> queues) {
      this.queues = queues;
    }

    /** The ready limit. */
    public long getMaxReady() {
      return maxReady;
    }

    /** Sets the ready limit. */
    public void setMaxReady(long maxReady) {
      this.maxReady = maxReady;
    }

    /** The oldest-age limit. */
    public Duration getMaxOldestReadyAge() {
      return maxOldestReadyAge;
    }

    /** Sets the oldest-age limit. */
    public void setMaxOldestReadyAge(Duration maxOldestReadyAge) {
      this.maxOldestReadyAge = maxOldestReadyAge;
    }

    /** The dead-letter limit. */
    public long getMaxDead() {
      return maxDead;
    }

    /** Sets the dead-letter limit. */
    public void setMaxDead(long maxDead) {
      this.maxDead = maxDead;
    }
  }
}
