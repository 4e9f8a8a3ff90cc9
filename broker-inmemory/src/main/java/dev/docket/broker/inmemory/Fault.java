package dev.docket.broker.inmemory;

/**
 * Failures the in-memory broker can simulate on demand, each modelling a real-world failure, so
 * runtime tests exercise retry, lease and dead-letter paths without mocks. Inject with {@link
 * InMemoryBroker#injectFault(Fault, int)}.
 *
 * @since 0.1
 */
public enum Fault {
  /**
   * The next fetched message is leased but not returned: the worker process died right after the
   * broker handed the job over. The job comes back when its lease expires.
   */
  CRASH_AFTER_RECEIVE,
  /**
   * The next ack reports success but is lost on the way: the broker keeps the lease, so the job
   * is delivered again after the lease expires (a duplicate run).
   */
  LOSE_ACK,
  /**
   * The next fetched message is handed out and also left ready: a broker that delivers twice
   * (as SQS standard queues may).
   */
  DUPLICATE_DELIVERY,
  /** The next publish fails with {@link dev.docket.BrokerUnavailableException}; nothing stored. */
  REJECT_PUBLISH,
  /**
   * The next broker call of any kind fails with {@link dev.docket.BrokerUnavailableException}
   * without effect: a dropped connection.
   */
  DISCONNECT
}
