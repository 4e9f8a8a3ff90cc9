/**
 * The Docket TCK, for authors of broker modules: extend {@link
 * dev.docket.tck.BrokerCompatibilityKit} once in the broker's tests and every rule of the broker
 * contract ({@code CONTRACT.md}) runs against the broker. The contract classes, assertions, test
 * message builder and time helpers here are public so a broker can also run one contract alone
 * while it is being written.
 *
 * @since 0.1
 */
@NullMarked
package dev.docket.tck;

import org.jspecify.annotations.NullMarked;
