/** Implementation details of the PostgreSQL state store; not an API. */
@NullMarked
package dev.docket.store.jdbc.internal;

import org.jspecify.annotations.NullMarked;
