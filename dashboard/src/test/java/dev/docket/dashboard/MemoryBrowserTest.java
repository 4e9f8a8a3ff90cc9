package dev.docket.dashboard;

/** The browser journeys on memory://. */
class MemoryBrowserTest extends BrowserJourneys {
  @Override
  Shop connect() {
    return Shop.memory();
  }
}
