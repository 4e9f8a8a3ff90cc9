package dev.docket.store.jdbc;

/**
 * The statements of a {@link PostgresStateStore} on one table, built once. Every statement is a
 * single one (upserts with {@code ON CONFLICT}), so each operation is atomic on its own; expiry
 * is judged on the database clock ({@code clock_timestamp()}) so that workers with skewed clocks
 * agree. Rows carry a kind: {@code v} value, {@code n} counter, {@code l} list.
 */
record StoreSql(String get, String put, String putIfAbsent, String compareAndDelete,
    String compareAndExpire, String increment, String append, String list, String delete,
    String sweep) {

  private static final String LIVE = "(t.expires_at is null or t.expires_at > clock_timestamp())";
  private static final String EXPIRED =
      "(t.expires_at is not null and t.expires_at <= clock_timestamp())";
  private static final String EXPIRY = "clock_timestamp() + ?::bigint * interval '1 millisecond'";

  /** The statements on {@code table} (a name already checked by the store). */
  StoreSql(String table) {
    this(table, table + " as t", "insert into " + table + " as t (k, kind, v, n, l, expires_at)"
        + " values ");
  }

  private StoreSql(String table, String t, String upsert) {
    this("select t.kind, t.v, t.n from " + t + " where t.k = ? and " + LIVE,
        put(upsert),
        put(upsert) + " where " + EXPIRED,
        "delete from " + t + " where t.k = ? and t.kind = 'v' and t.v = ? and " + LIVE,
        "update " + t + " set expires_at = " + EXPIRY
            + " where t.k = ? and t.kind = 'v' and t.v = ? and " + LIVE,
        upsert + "(?, 'n', null, ?, null, " + EXPIRY + ") on conflict (k) do update set"
            + " n = case when " + EXPIRED + " then excluded.n when t.kind = 'n' then t.n"
            + " + excluded.n else convert_from(t.v, 'UTF8')::bigint + excluded.n end,"
            + " expires_at = case when " + EXPIRED + " then excluded.expires_at"
            + " else t.expires_at end, kind = 'n', v = null, l = null"
            + " where t.kind <> 'l' or " + EXPIRED + " returning t.n",
        upsert + "(?, 'l', null, null, array[?::bytea], " + EXPIRY + ")"
            + " on conflict (k) do update set"
            + " l = case when " + EXPIRED + " then excluded.l else t.l || excluded.l end,"
            + " expires_at = case when " + EXPIRED + " then excluded.expires_at"
            + " else t.expires_at end, kind = 'l', v = null, n = null"
            + " where t.kind = 'l' or " + EXPIRED + " returning cardinality(t.l)",
        "select t.kind, t.l from " + t + " where t.k = ? and " + LIVE,
        "delete from " + table + " where k = ?",
        "delete from " + table + " where expires_at <= clock_timestamp()");
  }

  private static String put(String upsert) {
    return upsert + "(?, 'v', ?, null, null, " + EXPIRY + ") on conflict (k) do update set"
        + " kind = 'v', v = excluded.v, n = null, l = null, expires_at = excluded.expires_at";
  }
}
