package dev.docket.tck.fault;

/**
 * What a fault scenario needs from the fixture's server. A fixture declares the ones it cannot
 * show, with the reason ({@link FaultKit#cannotShow()}); those scenarios are reported as skipped
 * with that reason, never as passed.
 *
 * @since 0.1
 */
public enum FaultCapability {
  /** Worker processes on other JVMs share the broker (not true of an in-process broker). F1, F5. */
  SHARED_BY_PROCESSES,
  /** The server can be stopped and started again with its data ({@link FaultServer#restart}). F2. */
  RESTART,
  /** Clients reach the server over TCP through a proxy the test owns. F3. */
  PROXY,
  /**
   * The server stops answering for a while without closing connections: {@link
   * FaultServer#stall}, or else the kit pauses its proxy. F4.
   */
  STALL,
  /** The server can be held at a memory limit that refuses writes ({@link FaultServer#fill}). F6. */
  MEMORY_LIMIT,
  /** A cluster whose nodes the test can kill. F7. */
  CLUSTER
}
