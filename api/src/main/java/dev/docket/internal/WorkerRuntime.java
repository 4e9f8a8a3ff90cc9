package dev.docket.internal;

import dev.docket.BrokerUnavailableException;
import dev.docket.WorkerStats;
import dev.docket.spi.Broker;
import dev.docket.spi.Capabilities;
import dev.docket.spi.Delivery;
import dev.docket.spi.FetchRequest;
import dev.docket.spi.StateStore;
import dev.docket.spi.TimeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running worker: fetch loops (a second, non-waiting one from 16 slots up) that lease as many
 * jobs as there are free slots, a thread per job (which runs the handler itself, with a watchdog
 * for its timeout), and a {@link LeaseKeeper} that extends every held lease and lock at a quarter
 * of the lease time. Timeouts and the keeper run on the injected clock ({@link ClockScheduler}).
 * Shutdown stops fetching, waits for running jobs up to a grace period, then hands the rest back
 * at once.
 */
public final class WorkerRuntime {
  private static final Logger LOG = LoggerFactory.getLogger(WorkerRuntime.class);

  /** Fetch loops per worker at most. */
  static final int MAX_FETCH_LOOPS = 2;

  /** Slots per fetch loop: a worker below this many slots gets one loop. */
  static final int SLOTS_PER_FETCH_LOOP = 8;

  /** Longest pause between fetch attempts while the broker is unreachable. */
  static final Duration MAX_RECONNECT_BACKOFF = Duration.ofSeconds(5);

  private final Broker broker;
  private final JobProcessor processor;
  private final QueueSelector queues;
  private final int concurrency;
  private final Duration lease;
  private final Duration fetchWait;
  private final ThreadFactory jobThreads;
  private final String workerId;
  private final TimeSource clock;
  private final WorkerSpec spec;
  private final WorkerSlots slots;
  private final WorkerCounters counters = new WorkerCounters();
  /** Signals the second fetch loop that the first one's fetch brought several jobs. */
  private final Semaphore workFound = new Semaphore(0);
  private final Map<String, InFlight> inFlight = new ConcurrentHashMap<>();
  /** Jobs launched and not yet settled (bodies running plus acks under way). */
  private final AtomicInteger held = new AtomicInteger();
  private final CountDownLatch stopping = new CountDownLatch(1);
  private volatile boolean running;
  private List<Thread> fetchers = List.of();
  private @Nullable ClockScheduler scheduler;
  private volatile @Nullable WorkerHeartbeat heartbeat;

  /** A runtime for the worker of {@code spec}, running jobs through {@code processor}. */
  public WorkerRuntime(WorkerSpec spec, JobProcessor processor) {
    this.clock = spec.time();
    this.spec = spec;
    this.broker = spec.broker();
    this.processor = processor;
    this.queues = spec.queues();
    this.concurrency = spec.concurrency();
    this.lease = spec.lease();
    this.fetchWait = spec.fetchWait();
    this.jobThreads = spec.jobThreads();
    this.workerId = spec.workerId();
    Capabilities caps = broker.capabilities();
    this.slots = new WorkerSlots(concurrency, caps.fetchBatch());
  }

  /**
   * Runs every job that is due now on the calling thread, without the fetch loop, until none is
   * due or {@code maxJobs} ran; returns how many ran.
   */
  public int runDue(int maxJobs) {
    int ran = 0;
    Set<String> early = new HashSet<>();
    while (ran < maxJobs) {
      List<Delivery> got;
      try {
        got = timedFetch(new FetchRequest(queues.nextOrder(), 1, lease, Duration.ZERO));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      if (got.isEmpty()) {
        break;
      }
      InFlight flight = new InFlight(got.get(0));
      if (clock.controllable()) {
        flight.noHold(); // the caller moves the test clock: a hold on it would never end
      }
      processor.process(flight);
      ran++;
      Delivery d = flight.delivery();
      if (flight.handedBackEarly() && !early.add(d.queue() + '\n' + d.id())) {
        // Handed back until its eta and delivered again before the clock moved: the broker
        // does not keep a release's delay, and this loop would spin on the job for ever.
        LOG.warn("Job {} in queue '{}' came back before its eta twice in one runDue; stopping"
            + " (does the broker honour release delays?)", d.id(), d.queue());
        break;
      }
    }
    return ran;
  }

  /** Starts the fetch loop and the lease keeper. */
  public synchronized void start() {
    if (running || stopping.getCount() == 0) {
      throw new IllegalStateException("worker " + workerId + " was already started");
    }
    running = true;
    ClockScheduler timers = new ClockScheduler(clock, "docket-timers-" + workerId);
    scheduler = timers;
    LeaseKeeper keeper = new LeaseKeeper(broker, lease, workerId, inFlight::values, counters);
    var unused = timers.scheduleAtFixedRate(LeaseKeeper.period(lease), keeper::round);
    StateStore store = spec.store();
    if (store != null) { // operators list running workers from their heartbeats
      WorkerHeartbeat beat = new WorkerHeartbeat(store, clock, workerId, queues.queues(),
          concurrency, inFlight::size, spec.heartbeat());
      heartbeat = beat;
      beat.start(timers);
    }
    // From 16 slots a second loop helps while the worker is busy: one fetch is in flight while
    // it collects the slots that free up meanwhile. It never waits in the broker itself: it
    // fetches without waiting while its fetches bring several jobs, and otherwise only once the
    // first loop's fetch brought several, so a worker that keeps up with a trickle (or idles)
    // has one blocking fetch and no extra requests.
    int loops = Math.min(MAX_FETCH_LOOPS, Math.max(1, concurrency / SLOTS_PER_FETCH_LOOP));
    List<Thread> started = new ArrayList<>(loops);
    for (int i = 0; i < loops; i++) {
      boolean primary = i == 0;
      started.add(RuntimeThreads.startLoop("fetch-" + workerId + "-" + i,
          () -> fetchLoop(primary)));
    }
    fetchers = List.copyOf(started);
  }

  /**
   * One fetch, counted with its round-trip time on the injected clock (two reads per fetch, not
   * per job). An interrupted fetch (shutdown) is not counted.
   */
  private List<Delivery> timedFetch(FetchRequest request) throws InterruptedException {
    long start = clock.nanoTime();
    try {
      List<Delivery> got = broker.fetch(request);
      counters.fetched(clock.nanoTime() - start);
      return got;
    } catch (RuntimeException e) {
      counters.fetchFailed(clock.nanoTime() - start);
      throw e;
    }
  }

  /** Cumulative fetch and lease-extension counts. */
  public WorkerStats stats() {
    return counters.snapshot();
  }

  /** Jobs currently held. */
  public int inFlightCount() {
    return inFlight.size();
  }

  /** Whether the fetch loop runs. */
  public boolean isRunning() {
    return running;
  }

  private void fetchLoop(boolean primary) {
    long backoffMillis = 50;
    boolean caughtUp = true;
    // The last fetch brought all it asked for: more jobs are likely waiting.
    boolean full = false;
    AtomicInteger inFetch = slots.loop();
    while (running) {
      int want;
      try {
        if (!primary && caughtUp) {
          workFound.acquire();
          workFound.drainPermits();
        }
        want = slots.takeForFetch(inFetch, full);
      } catch (InterruptedException e) {
        break;
      }
      List<Delivery> got;
      try {
        got = timedFetch(new FetchRequest(queues.nextOrder(), want, lease,
            primary ? fetchWait : Duration.ZERO));
        backoffMillis = 50;
      } catch (InterruptedException e) {
        slots.fetchFailed(inFetch);
        break;
      } catch (RuntimeException e) {
        slots.fetchFailed(inFetch);
        caughtUp = true;
        if (!running) {
          break;
        }
        LOG.warn("Worker {} could not fetch ({}); retrying in {} ms", workerId,
            e instanceof BrokerUnavailableException ? e.getMessage() : e.toString(),
            backoffMillis);
        if (awaitStop(backoffMillis)) {
          break;
        }
        backoffMillis = Math.min(backoffMillis * 2, MAX_RECONNECT_BACKOFF.toMillis());
        continue;
      }
      // Held jobs that came due meanwhile may have taken some of this fetch's slots.
      int withSlot = slots.fetched(inFetch, got.size());
      // More than one job at once suggests more waiting: only then is a second loop worth a
      // request. One job (or none) is a worker keeping up with a trickle.
      caughtUp = got.size() < Math.min(want, 2);
      full = !got.isEmpty() && got.size() >= want;
      if (primary && !caughtUp && workFound.availablePermits() == 0) {
        workFound.release();
      }
      for (int i = 0; i < got.size(); i++) {
        Delivery d = got.get(i);
        if (!running) {
          // Fetched while stopping: hand back at once rather than after the lease.
          handBack(new InFlight(d));
          if (i < withSlot) {
            slots.give();
          } else {
            slots.forgo();
          }
          continue;
        }
        launch(d, i < withSlot);
      }
    }
  }

  private boolean awaitStop(long millis) {
    try {
      return stopping.await(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      return true;
    }
  }

  /** Runs a fetched job on a thread of its own; one without a slot first waits for one. */
  private void launch(Delivery d, boolean hasSlot) {
    InFlight flight = new InFlight(d);
    inFlight.put(d.leaseToken(), flight);
    // The slot is for the handler body: it frees as soon as the body is done, while the job's
    // ack (a broker round trip) is still under way, so the next fetch overlaps that round trip.
    AtomicBoolean slotFreed = new AtomicBoolean(!hasSlot);
    Runnable freeSlot = () -> {
      if (slotFreed.compareAndSet(false, true)) {
        slots.give();
      }
    };
    flight.onBodyDone(freeSlot);
    // An early job held until its eta gives its slot back meanwhile and takes one again when
    // due: a free one, or one of a fetch under way (see WorkerSlots).
    flight.onHold(eta -> freeSlot.run(), () -> {
      try {
        slots.takeDue();
        slotFreed.set(false);
        return true;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    });
    held.incrementAndGet();
    Thread t = jobThreads.newThread(() -> {
      try {
        if (!hasSlot) {
          try {
            slots.take();
          } catch (InterruptedException e) {
            handBack(flight); // shutdown: it has not started
            return;
          }
          slotFreed.set(false);
        }
        processor.process(flight, scheduler);
      } catch (RuntimeException e) {
        // A broker error while settling: the lease will expire and the job comes back.
        LOG.error("Worker {} could not settle job {}; it will be redelivered after its lease",
            workerId, d.id(), e);
      } finally {
        inFlight.remove(d.leaseToken());
        freeSlot.run();
        if (held.decrementAndGet() == 0) {
          synchronized (held) {
            held.notifyAll();
          }
        }
      }
    });
    flight.runner(t);
    t.start();
  }

  private void handBack(InFlight f) {
    if (f.claimSettlement()) {
      try {
        broker.release(f.delivery(), Duration.ZERO);
      } catch (RuntimeException e) {
        LOG.warn("Worker {} could not hand back job {}; it returns after its lease",
            workerId, f.delivery().id(), e);
      }
    }
  }

  /** Waits until every launched job is settled, up to {@code grace}; true when none is held. */
  private boolean awaitNoneHeld(Duration grace) throws InterruptedException {
    long deadline = clock.nanoTime() + grace.toNanos();
    synchronized (held) {
      while (held.get() > 0) {
        long left = deadline - clock.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(held, left);
      }
    }
    return true;
  }

  /**
   * Stops fetching, waits up to {@code grace} for running jobs, then hands the rest back to the
   * broker at once and interrupts them. Returns how many were handed back.
   */
  public int shutdown(Duration grace) {
    synchronized (this) {
      if (!running) {
        return 0;
      }
      running = false;
    }
    stopping.countDown();
    // Running implies started: the scheduler exists.
    ClockScheduler timers = Objects.requireNonNull(scheduler);
    fetchers.forEach(Thread::interrupt);
    try {
      for (Thread f : fetchers) {
        f.join();
      }
      // Jobs held until their eta have not started: back to the broker now, with the rest of
      // their delay, rather than run during the grace period or handed back due at once.
      for (InFlight f : List.copyOf(inFlight.values())) {
        Thread t = f.runner();
        if (f.stopHold() && t != null) {
          t.interrupt();
        }
      }
      boolean drained = awaitNoneHeld(grace);
      int handedBack = 0;
      if (!drained) {
        for (InFlight f : List.copyOf(inFlight.values())) {
          if (!f.isSettled()) {
            handBack(f);
            handedBack++;
            Thread t = f.runner();
            if (t != null) {
              t.interrupt();
            }
          }
        }
        LOG.info("Worker {} handed {} unfinished jobs back after a grace of {}", workerId,
            handedBack, grace);
      }
      return handedBack;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      inFlight.values().forEach(this::handBack);
      return inFlight.size();
    } finally {
      timers.close();
      WorkerHeartbeat beat = heartbeat;
      if (beat != null) {
        beat.close();
      }
    }
  }
}
