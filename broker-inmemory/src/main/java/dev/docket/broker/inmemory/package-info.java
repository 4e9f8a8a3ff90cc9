/**
 * The in-memory broker ({@code memory://}): the reference implementation of the broker contract,
 * a fault injector ({@link dev.docket.broker.inmemory.Fault}) and a test kit for applications
 * ({@link dev.docket.broker.inmemory.DocketTestKit}).
 */
@NullMarked
package dev.docket.broker.inmemory;

import org.jspecify.annotations.NullMarked;
