package dev.docket.internal;

import java.util.concurrent.ThreadFactory;

/**
 * Every thread the runtime starts comes from here, so their kinds and names are decided in one
 * place: platform daemon threads for the few long-lived loops (fetching, timers, the cron
 * scheduler), which must not pin a carrier while they block in a broker client, and virtual
 * threads for short hand-offs (lease renewals, timeout settlements) and job bodies. All names
 * start with {@code docket-} so a thread dump shows what belongs to Docket.
 */
public final class RuntimeThreads {

  private RuntimeThreads() {}

  /** Starts a long-lived daemon loop named {@code docket-<name>}. */
  public static Thread startLoop(String name, Runnable loop) {
    return Thread.ofPlatform().daemon().name(prefixed(name)).start(loop);
  }

  /** Starts a short hand-off on a virtual thread named {@code docket-<name>}. */
  public static Thread startTask(String name, Runnable task) {
    return Thread.ofVirtual().name(prefixed(name)).start(task);
  }

  /** A virtual thread named {@code docket-<name>}, not started. */
  public static Thread task(String name, Runnable task) {
    return Thread.ofVirtual().name(prefixed(name)).unstarted(task);
  }

  /** Virtual threads named {@code docket-<prefix>0}, {@code docket-<prefix>1}, ... */
  public static ThreadFactory tasks(String prefix) {
    return Thread.ofVirtual().name(prefixed(prefix), 0).factory();
  }

  private static String prefixed(String name) {
    return name.startsWith("docket-") ? name : "docket-" + name;
  }
}
