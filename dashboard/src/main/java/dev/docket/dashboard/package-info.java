/**
 * An embeddable operator web UI for Docket: {@link dev.docket.dashboard.Dashboard#start} serves
 * queue counts, job states and dead letters from the JDK's HTTP server, read-only and on
 * 127.0.0.1 unless configured otherwise.
 */
@NullMarked
package dev.docket.dashboard;

import org.jspecify.annotations.NullMarked;
