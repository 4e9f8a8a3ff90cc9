package dev.docket.dashboard;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link DashboardAuth} sees of a request: method, path and headers (names compared
 * without regard to case). The body is not offered: deciding who may see the dashboard must not
 * depend on what they send.
 *
 * @param method HTTP method, upper case
 * @param path request path, without the query
 * @param headers request headers
 */
public record DashboardRequest(String method, String path, Map<String, List<String>> headers) {

  /** Validates and copies the headers into a case-insensitive map. */
  public DashboardRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    Objects.requireNonNull(headers, "headers").forEach((k, v) -> {
      if (k != null) {
        copy.put(k, List.copyOf(v));
      }
    });
    headers = java.util.Collections.unmodifiableMap(copy);
  }

  /** The first value of a header, or {@code null} when absent. */
  public @Nullable String header(String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }
}
