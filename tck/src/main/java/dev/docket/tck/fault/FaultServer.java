package dev.docket.tck.fault;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * The server a fault scenario runs against, and the faults it can suffer. Usually a private
 * instance started for the scenario ({@link PrivateRedis}, a private RabbitMQ node); a method
 * the server cannot do throws {@link UnsupportedOperationException}, and the fixture declares the
 * matching {@link FaultCapability} as one it cannot show.
 *
 * @since 0.1
 */
public interface FaultServer extends AutoCloseable {

  /**
   * A server the test does not own (a shared one, or one embedded in the test JVM): the kit only
   * connects to it, through its proxy where a rule needs one, and never restarts, stalls, fills
   * or stops it. Fixtures using it declare {@link FaultCapability#RESTART} and {@link
   * FaultCapability#MEMORY_LIMIT} as capabilities they cannot show.
   */
  static FaultServer external(InetSocketAddress address) {
    return new FaultServer() {
      @Override
      public InetSocketAddress address() {
        return address;
      }

      @Override
      public void close() {}

      @Override
      public String toString() {
        return "external server " + address;
      }
    };
  }

  /** Where clients connect (the kit puts its proxy in front of it). */
  InetSocketAddress address();

  /**
   * Stops the server the way an operator's restart does, keeps it down for {@code downtime},
   * starts it again on the same address with the same data, and returns once it answers.
   */
  default void restart(Duration downtime) {
    throw new UnsupportedOperationException("this server cannot be restarted by the test");
  }

  /** Makes the server stop answering for {@code duration} without closing connections. */
  default void stall(Duration duration) {
    throw new UnsupportedOperationException("this server cannot be stalled by the test");
  }

  /**
   * Sets a memory limit at which the server refuses writes instead of evicting: {@code true}
   * holds it at its current use (nothing more fits), {@code false} lifts the limit.
   */
  default void fill(boolean full) {
    throw new UnsupportedOperationException("this server has no memory limit the test can set");
  }

  /** Stops the server and deletes its data. */
  @Override
  void close();
}
