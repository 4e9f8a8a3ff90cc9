/** A shared state store on PostgreSQL ({@code postgresql://}), pooled by HikariCP. */
@SuppressWarnings("requires-automatic") // the PostgreSQL driver is an automatic module
module dev.docket.store.jdbc {
  requires transitive dev.docket.api;
  requires transitive java.sql;
  requires com.zaxxer.hikari;
  requires org.postgresql.jdbc;

  exports dev.docket.store.jdbc;

  provides dev.docket.spi.StoreProvider with dev.docket.store.jdbc.PostgresStoreProvider;
}
