/** Docket's runtime. Not an API: anything here may change in any release. */
@NullMarked
package dev.docket.internal;

import org.jspecify.annotations.NullMarked;
