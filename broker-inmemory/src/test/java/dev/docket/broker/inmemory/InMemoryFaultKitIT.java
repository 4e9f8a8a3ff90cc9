package dev.docket.broker.inmemory;

import dev.docket.tck.fault.FaultCapability;
import dev.docket.tck.fault.FaultKit;
import dev.docket.tck.fault.FaultServer;
import java.net.InetSocketAddress;
import java.util.EnumMap;
import java.util.Map;

/**
 * The fault kit on the in-memory broker: every rule is declared as one it cannot show, with the
 * reason, so the report lists them as skipped rather than passed. Its crash and disconnect
 * behaviour is tested in one JVM by {@code FaultInjectionTest} and the TCK's R3 rules.
 */
class InMemoryFaultKitIT extends FaultKit {

  private static final String ONE_JVM = "memory:// lives inside one JVM: worker processes cannot"
      + " share it, and it has no server, connection or memory limit to fault";

  @Override
  protected FaultServer startServer() {
    throw new UnsupportedOperationException(ONE_JVM);
  }

  @Override
  protected String brokerUri(InetSocketAddress server, String namespace) {
    return "memory://";
  }

  @Override
  protected Map<FaultCapability, String> cannotShow() {
    Map<FaultCapability, String> all = new EnumMap<>(FaultCapability.class);
    for (FaultCapability capability : FaultCapability.values()) {
      all.put(capability, ONE_JVM);
    }
    return all;
  }

  @Override
  protected String brokerName() {
    return "in-memory";
  }
}
