package dev.docket.dashboard;

/** The browser journeys on the shared RabbitMQ (quorum queues), job states in memory. */
class RabbitBrowserTest extends BrowserJourneys {
  @Override
  Shop connect() {
    return Shop.rabbit();
  }
}
