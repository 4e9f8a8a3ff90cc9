package dev.docket.tck.selftest;

import dev.docket.tck.fault.FaultKit;
import dev.docket.tck.fault.FaultServer;
import dev.docket.tck.fault.PrivateRedis;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * The fault kit subclasses the fault self-test runs through the JUnit engine: one per broken
 * broker of {@link BrokenRedisProvider}, and one over the correct Redis broker as the control.
 * Static nested classes whose names do not end in {@code FaultKitIT}, so the {@code faults}
 * profile never runs them on its own; only {@link BrokenBrokersFaultKitIT} does, through {@link
 * KitRun}, and checks the outcome.
 */
final class FaultKits {

  private FaultKits() {}

  /** A broken broker's job counts: a tenth of the kit's (F1: 2,000 jobs), whatever the flag. */
  static final double SCALE = 0.1;

  /**
   * Long enough for a correct Redis broker to show a lease expiry (5 s), a reclaim and the
   * runs after it; short enough that a broken broker's lost jobs are reported in seconds rather
   * than after the scenario's bound of minutes.
   */
  static final Duration GIVE_UP_WHEN_IDLE = Duration.ofSeconds(15);

  /** The kit over a private Redis, reached through {@code scheme}. */
  abstract static class OverRedis extends FaultKit {
    private final String scheme;

    OverRedis(String scheme) {
      this.scheme = scheme;
    }

    @Override
    protected final FaultServer startServer() {
      return PrivateRedis.start();
    }

    @Override
    protected final String brokerUri(InetSocketAddress server, String namespace) {
      return scheme + "://127.0.0.1:" + server.getPort() + "?keyPrefix=" + namespace;
    }

    @Override
    protected final String storeUri(InetSocketAddress server, String namespace) {
      return "redis://127.0.0.1:" + server.getPort() + "?keyPrefix=" + namespace + ":state";
    }

    @Override
    protected double scale() {
      return SCALE;
    }

    @Override
    protected final Duration giveUpWhenIdle() {
      return GIVE_UP_WHEN_IDLE;
    }

    @Override
    protected final String brokerName() {
      return "self-test " + scheme;
    }
  }

  /** The correct Redis broker: the control, must pass what the broken ones fail. */
  static class CorrectRedis extends OverRedis {
    CorrectRedis() {
      super("redis");
    }
  }

  /** {@link AcksBeforeRunningBroker}. */
  static class AcksBeforeRunning extends OverRedis {
    AcksBeforeRunning() {
      super("ackfirst+redis");
    }
  }

  /** {@link LosesOnReconnectBroker}; F2 with 2,000 jobs (a fifth), so work remains at restart. */
  static class LosesOnReconnect extends OverRedis {
    LosesOnReconnect() {
      super("lossy+redis");
    }

    @Override
    protected double scale() {
      return 2 * SCALE;
    }
  }

  /** {@link DropsCrashedLeasesBroker}. */
  static class DropsCrashedLeases extends OverRedis {
    DropsCrashedLeases() {
      super("noredeliver+redis");
    }
  }
}
