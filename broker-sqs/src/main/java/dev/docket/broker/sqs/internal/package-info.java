/** The SQS broker's internals: queue naming, wire format, batching, delay hops, dead letters. */
@NullMarked
package dev.docket.broker.sqs.internal;

import org.jspecify.annotations.NullMarked;
