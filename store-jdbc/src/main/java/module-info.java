/** A shared state store on PostgreSQL ({@code postgresql://}). */
module dev.docket.store.jdbc {
  requires transitive dev.docket.api;
  requires transitive java.sql;

  exports dev.docket.store.jdbc;

  provides dev.docket.spi.StoreProvider with dev.docket.store.jdbc.PostgresStoreProvider;
}
