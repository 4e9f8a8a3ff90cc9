/**
 * A {@link dev.docket.spi.StateStore} on PostgreSQL: one table, single-statement atomic updates,
 * TTLs on the database clock.
 *
 * @since 0.1
 */
@NullMarked
package dev.docket.store.jdbc;

import org.jspecify.annotations.NullMarked;
