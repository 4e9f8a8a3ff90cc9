/** The in-memory broker and state store ({@code memory://}) and the application test kit. */
module dev.docket.broker.inmemory {
  requires transitive dev.docket.api;

  exports dev.docket.broker.inmemory;

  provides dev.docket.spi.BrokerProvider with dev.docket.broker.inmemory.InMemoryBrokerProvider;
  provides dev.docket.spi.StoreProvider with dev.docket.broker.inmemory.InMemoryStoreProvider;
}
