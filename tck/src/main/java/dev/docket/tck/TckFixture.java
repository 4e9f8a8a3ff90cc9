package dev.docket.tck;

import dev.docket.spi.Broker;
import dev.docket.spi.Capabilities;
import dev.docket.spi.StateStore;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How a module gives the TCK what it tests: a fresh broker (and, where the module has one, a
 * fresh state store) for each test, and the cleanup a namespace cannot do. A module writes one
 * fixture, holding all of its construction code, and returns it from {@link TckSuite#fixture()}
 * of a {@link DocketTck} (every kit) or of one kit; variants of a module (a cluster, a manual
 * clock, another queue type) are parameters or small subclasses of the same fixture.
 *
 * <p>The TCK calls these methods from the test thread, once per test each, in this order:
 * {@link #broker}, {@link #store} (only in kits that use a store), the test, then {@link
 * #cleanup} after closing what it created. A fixture object is used by one test at a time; it may
 * keep what the test opened in fields, for {@link #cleanup}.
 *
 * <p>Time: when the broker declares {@link Capabilities#controllableClock()} it must read {@link
 * TckContext#clock()}, and the TCK moves time by hand; otherwise tests run in real time with
 * bounded waits. A store that reads TTLs from {@link TckContext#clock()} says so through {@link
 * #storeFollowsClock()}.
 *
 * @since 0.3
 */
@FunctionalInterface
public interface TckFixture {

  /**
   * A fresh, open broker for one test. Use {@link TckContext#namespace()} to isolate it (a key
   * prefix, a queue prefix, a virtual host) and, when it declares {@link
   * Capabilities#controllableClock()}, {@link TckContext#clock()} as its clock. The TCK closes
   * it after the test. {@link StateStoreKit} never calls it.
   */
  Broker broker(TckContext ctx);

  /**
   * A fresh, open state store for one test: the one a deployment of this broker would use. Every
   * key the TCK writes contains the test's namespace or random ids. The TCK closes it after the
   * test.
   *
   * <p>The default, {@code null}, means the module has no store of its own: the coordination and
   * workflow rules (C, W) then run on the TCK's in-process store on the test's time, and the
   * state store rules (S), which would only test that store, report themselves skipped.
   */
  default @Nullable StateStore store(TckContext ctx) {
    return null;
  }

  /**
   * Whether {@link #store} reads its TTLs from {@link TckContext#clock()}, so the TCK can move
   * them by hand. The default is false: TTLs pass in real time. The coordination rules need
   * broker and store on one clock: true exactly when the broker declares {@code
   * controllableClock}.
   */
  default boolean storeFollowsClock() {
    return false;
  }

  /**
   * Deletes what a namespace cannot isolate (queues on a shared server, store keys), after each
   * test, once the broker and store are closed. The default does nothing.
   */
  default void cleanup(TckContext ctx) {}

  /**
   * Whether the server holds any of {@code queue}'s storage (a name from {@link
   * TckContext#queue}), asked of the server directly, never through the broker under test: keys
   * of the queue under the namespace, AMQP queues, SQS queues, or the in-process broker's own
   * table. R11.5 uses it to prove that {@code stats} of a queue that was never declared does not
   * create it; it also checks that the answer turns true once the queue is declared.
   *
   * <p>The default, empty, means the fixture cannot tell: R11.5 then checks the counts only and
   * reports the rest skipped, naming this hook.
   *
   * @param ctx the running test's context
   * @param queue the Docket queue name
   * @return whether the queue exists on the server, or empty when the fixture cannot tell
   */
  default Optional<Boolean> queueExists(TckContext ctx, String queue) {
    return Optional.empty();
  }

  /**
   * The broker a second process would open, for the rules that race two processes (W1.7,
   * W3.7): a new client of the same server, closed by the TCK. The default, {@code null}, shares
   * the test's broker (an in-process broker has nothing else to share).
   */
  default @Nullable Broker secondBroker(TckContext ctx) {
    return null;
  }

  /** Like {@link #secondBroker}, for the state store. */
  default @Nullable StateStore secondStore(TckContext ctx) {
    return null;
  }

  /**
   * The backlog R1.9 builds and mostly fetches in large calls: {@link
   * LargeFetchContract#DEFAULT_BACKLOG}. Lower it only when the test server cannot serve that
   * many in the kit's time (an emulator, not the broker, is the limit), say why where you do,
   * and keep it above 1,000, so a fetch still exceeds every per-call limit.
   */
  default int largeFetchBacklog() {
    return LargeFetchContract.DEFAULT_BACKLOG;
  }
}
