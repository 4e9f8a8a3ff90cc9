package dev.docket.broker.rabbitmq;

/** The fault kit on RabbitMQ with classic queues ({@code queueType=classic}). */
class RabbitClassicFaultKitIT extends RabbitFaultKitIT {

  @Override
  String queueType() {
    return "classic";
  }
}
