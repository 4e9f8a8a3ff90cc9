package dev.docket.dashboard;

/** The browser journeys on an embedded ElasticMQ, job states in memory. */
class SqsBrowserTest extends BrowserJourneys {
  @Override
  Shop connect() {
    return Shop.sqs();
  }
}
