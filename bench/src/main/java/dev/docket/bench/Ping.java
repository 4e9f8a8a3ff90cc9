package dev.docket.bench;

/**
 * The benchmark job's argument.
 *
 * @param seq the job's number in its run
 * @param sentNanos {@link System#nanoTime()} just before the enqueue; producer and consumers run
 *     in this JVM, so the handler can subtract it from its own reading
 */
record Ping(int seq, long sentNanos) {}
