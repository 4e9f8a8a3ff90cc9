package dev.docket.dashboard;

/** The browser journeys on the shared Redis, under a key prefix of their own. */
class RedisBrowserTest extends BrowserJourneys {
  @Override
  Shop connect() {
    return Shop.redis();
  }
}
