/**
 * The fault kit (F rules of {@code CONTRACT.md}): real worker processes killed with SIGKILL, a TCP
 * proxy the test controls, private server instances it restarts, pauses and fills, and the exact
 * accounting every scenario ends with. A broker module runs it with one subclass of {@link
 * dev.docket.tck.fault.FaultKit}; the helpers here are public so a module can also build its own
 * fault scenarios.
 *
 * @since 0.1
 */
@NullMarked
package dev.docket.tck.fault;

import org.jspecify.annotations.NullMarked;
