package dev.docket.dashboard.internal;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** One request's method, path and parameters (query, and a form body on POST). */
final class Request {

  /** A form bigger than this is refused: the dashboard's forms are a page of ids at most. */
  static final int MAX_FORM_BYTES = 256 * 1024;

  final String method;
  final String path;
  private final Map<String, List<String>> params;

  private Request(String method, String path, Map<String, List<String>> params) {
    this.method = method;
    this.path = path;
    this.params = params;
  }

  static Request read(HttpExchange exchange) throws IOException {
    Map<String, List<String>> params = new LinkedHashMap<>();
    String rawQuery = exchange.getRequestURI().getRawQuery();
    if (rawQuery != null) {
      parse(rawQuery, params);
    }
    String method = exchange.getRequestMethod().toUpperCase(java.util.Locale.ROOT);
    if (method.equals("POST")) {
      try (InputStream in = exchange.getRequestBody()) {
        byte[] body = in.readNBytes(MAX_FORM_BYTES + 1);
        if (body.length > MAX_FORM_BYTES) {
          throw new BadRequest("form too large");
        }
        parse(new String(body, StandardCharsets.UTF_8), params);
      }
    }
    return new Request(method, exchange.getRequestURI().getPath(), params);
  }

  private static void parse(String encoded, Map<String, List<String>> into) {
    for (String pair : encoded.split("&", -1)) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      try {
        String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq),
            StandardCharsets.UTF_8);
        String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1),
            StandardCharsets.UTF_8);
        into.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
      } catch (IllegalArgumentException e) {
        throw new BadRequest("malformed parameter encoding");
      }
    }
  }

  /** The first non-blank value of a parameter, stripped, or {@code null}. */
  @Nullable String param(String name) {
    List<String> values = params.get(name);
    if (values == null) {
      return null;
    }
    for (String v : values) {
      if (!v.isBlank()) {
        return v.strip();
      }
    }
    return null;
  }

  /** Every non-blank value of a parameter. */
  List<String> params(String name) {
    return params.getOrDefault(name, List.of()).stream().map(String::strip)
        .filter(v -> !v.isEmpty()).toList();
  }

  /** A required parameter; 400 when missing. */
  String require(String name) {
    String v = param(name);
    if (v == null) {
      throw new BadRequest("missing parameter '" + name + "'");
    }
    return v;
  }

  /** Answers 400 with its message (escaped when shown). */
  static final class BadRequest extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadRequest(String message) {
      super(message, null, false, false);
    }
  }
}
