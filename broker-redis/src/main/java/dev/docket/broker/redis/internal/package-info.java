/** Implementation of the Redis broker and state store: keys, scripts, codecs, wake-ups. */
@NullMarked
package dev.docket.broker.redis.internal;

import org.jspecify.annotations.NullMarked;
