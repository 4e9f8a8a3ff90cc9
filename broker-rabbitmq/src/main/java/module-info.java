/** The RabbitMQ broker ({@code amqp://}, {@code amqps://}) for Docket, on amqp-client 5. */
// amqp-client is an automatic module (com.rabbitmq.client); transitive because
// RabbitBroker.create takes a customizer of its ConnectionFactory.
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.docket.broker.rabbitmq {
  requires transitive dev.docket.api;
  requires transitive com.rabbitmq.client;
  requires org.slf4j;
  requires static org.jspecify;

  exports dev.docket.broker.rabbitmq;

  uses dev.docket.spi.StoreProvider;

  provides dev.docket.spi.BrokerProvider with dev.docket.broker.rabbitmq.RabbitBrokerProvider;
}
