/**
 * The Amazon SQS broker ({@code sqs://}): {@link dev.docket.broker.sqs.SqsBrokerProvider} for
 * discovery by URI, {@link dev.docket.broker.sqs.SqsBroker} and {@link
 * dev.docket.broker.sqs.SqsBrokerConfig} to build one in code. Everything else is internal.
 */
@NullMarked
package dev.docket.broker.sqs;

import org.jspecify.annotations.NullMarked;
