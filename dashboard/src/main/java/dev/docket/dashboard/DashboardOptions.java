package dev.docket.dashboard;

import dev.docket.Scheduler;
import dev.docket.TaskType;
import dev.docket.Worker;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How a {@link Dashboard} serves: where it listens, whether it may change anything, who may use
 * it and which queues it shows. The defaults are the safe ones: 127.0.0.1, any free port,
 * read-only, no auth (localhost only).
 */
public final class DashboardOptions {

  /** Page size of every list unless set. */
  public static final int DEFAULT_PAGE_SIZE = 50;

  private final int port;
  private final String bindAddress;
  private final boolean readOnly;
  private final DashboardAuth auth;
  private final List<String> queues;
  private final int pageSize;
  private final List<Worker> workers;
  private final List<Scheduler> schedulers;

  private DashboardOptions(Builder b) {
    this.workers = List.copyOf(b.workers);
    this.schedulers = List.copyOf(b.schedulers);
    this.port = b.port;
    this.bindAddress = b.bindAddress;
    this.readOnly = b.readOnly;
    this.auth = b.auth;
    this.queues = List.copyOf(b.queues);
    this.pageSize = b.pageSize;
  }

  /** A builder with the safe defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** The defaults: 127.0.0.1, any free port, read-only, no auth, no queues listed. */
  public static DashboardOptions defaults() {
    return builder().build();
  }

  /** TCP port; 0 picks a free one ({@link Dashboard#uri()} tells which). */
  public int port() {
    return port;
  }

  /** Address to bind to; 127.0.0.1 unless set. */
  public String bindAddress() {
    return bindAddress;
  }

  /** Whether replay and purge are refused (403); true unless set. */
  public boolean readOnly() {
    return readOnly;
  }

  /** Who may use the dashboard. */
  public DashboardAuth auth() {
    return auth;
  }

  /**
   * Queues shown on the overview, in this order. Empty (the default): the overview shows the
   * queues the broker lists, a page at a time, where it can ({@code
   * Capabilities#listQueues()}: memory://, Redis); RabbitMQ and SQS cannot, so name them here.
   * Any other queue can still be opened by name.
   */
  public List<String> queues() {
    return queues;
  }

  /** Rows per page on every list. */
  public int pageSize() {
    return pageSize;
  }

  /**
   * Workers of this process shown on the workers page with their stuck handlers and tasks (and
   * their schedulers' schedules). Every process's running workers are listed there anyway, from
   * their heartbeats, when the client has a state store.
   */
  public List<Worker> workers() {
    return workers;
  }

  /** Schedulers of this process whose schedules the schedules page lists. */
  public List<Scheduler> schedulers() {
    return schedulers;
  }

  @Override
  public String toString() {
    return "DashboardOptions[port=" + port + ", bindAddress=" + bindAddress + ", readOnly="
        + readOnly + ", auth=" + auth.getClass().getSimpleName() + ", queues=" + queues
        + ", pageSize=" + pageSize + "]";
  }

  /** Builds {@link DashboardOptions}. */
  public static final class Builder {
    private int port;
    private String bindAddress = "127.0.0.1";
    private boolean readOnly = true;
    private DashboardAuth auth = DashboardAuth.none();
    private final List<String> queues = new ArrayList<>();
    private int pageSize = DEFAULT_PAGE_SIZE;
    private final List<Worker> workers = new ArrayList<>();
    private final List<Scheduler> schedulers = new ArrayList<>();

    private Builder() {}

    /** Adds workers of this process to the workers page. */
    public Builder workers(Worker... workers) {
      for (Worker w : workers) {
        this.workers.add(Objects.requireNonNull(w, "worker"));
      }
      return this;
    }

    /** Adds schedulers of this process to the schedules page. */
    public Builder schedulers(Scheduler... schedulers) {
      for (Scheduler s : schedulers) {
        this.schedulers.add(Objects.requireNonNull(s, "scheduler"));
      }
      return this;
    }

    /** TCP port, 0..65535; 0 (the default) picks a free one. */
    public Builder port(int port) {
      this.port = within("port", port, 0, 65535);
      return this;
    }

    /** Address to bind to, e.g. {@code 0.0.0.0} to listen on every interface (add auth then). */
    public Builder bindAddress(String bindAddress) {
      Objects.requireNonNull(bindAddress, "bindAddress");
      if (bindAddress.isBlank()) {
        throw new IllegalArgumentException("bindAddress must not be blank");
      }
      this.bindAddress = bindAddress.strip();
      return this;
    }

    /** {@code false} enables replay and purge of dead letters. */
    public Builder readOnly(boolean readOnly) {
      this.readOnly = readOnly;
      return this;
    }

    /** Who may use the dashboard, e.g. {@link DashboardAuth#basic(String, String)}. */
    public Builder auth(DashboardAuth auth) {
      this.auth = Objects.requireNonNull(auth, "auth");
      return this;
    }

    /** Adds queues to the overview, in this order. */
    public Builder queues(String... queues) {
      return queues(List.of(queues));
    }

    /** Adds queues to the overview, in this order. */
    public Builder queues(List<String> queues) {
      for (String q : queues) {
        TaskType.validateQueue(q);
        if (!this.queues.contains(q)) {
          this.queues.add(q);
        }
      }
      return this;
    }

    /** Rows per page, 1..500. */
    public Builder pageSize(int pageSize) {
      this.pageSize = within("pageSize", pageSize, 1, 500);
      return this;
    }

    /** The options. */
    public DashboardOptions build() {
      return new DashboardOptions(this);
    }

    private static int within(String name, int value, int min, int max) {
      if (value < min || value > max) {
        throw new IllegalArgumentException(name + " must be " + min + ".." + max + ", was "
            + value);
      }
      return value;
    }
  }
}
