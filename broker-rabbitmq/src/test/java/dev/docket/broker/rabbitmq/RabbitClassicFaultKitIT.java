package dev.docket.broker.rabbitmq;

import dev.docket.tck.fault.FaultCapability;
import java.util.HashMap;
import java.util.Map;

/** The fault kit on RabbitMQ with classic queues ({@code queueType=classic}). */
class RabbitClassicFaultKitIT extends RabbitFaultKitIT {

  @Override
  String queueType() {
    return "classic";
  }

  @Override
  protected Map<FaultCapability, String> cannotShow() {
    Map<FaultCapability, String> out = new HashMap<>(super.cannotShow());
    out.put(FaultCapability.CLUSTER, "a classic queue lives on one node and is not replicated:"
        + " when that node dies its jobs wait for it to come back, so F7 has nothing to show;"
        + " classic queue mirroring, the only way to replicate one, is deprecated since August"
        + " 2021 and removed in RabbitMQ 4.0 (rabbitmq.com/release-information/"
        + "deprecated-features-list; use queueType=quorum for a replicated queue)");
    return Map.copyOf(out);
  }
}
