/** Implementation of the dashboard: server, routing, pages. Not API. */
@NullMarked
package dev.docket.dashboard.internal;

import org.jspecify.annotations.NullMarked;
