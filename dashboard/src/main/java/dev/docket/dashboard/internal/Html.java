package dev.docket.dashboard.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * HTML building: every value from the broker, the store or the request goes through {@link
 * #esc(Object)}, so a task name or argument like {@code <script>} is shown, never run.
 */
final class Html {

  private Html() {}

  /** Escapes text for element content and quoted attribute values. */
  static String esc(@Nullable Object value) {
    if (value == null) {
      return "";
    }
    String s = value.toString();
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** Encodes a query parameter value (then escape the whole URL with {@link #esc}). */
  static String url(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /** An instant to the second, in UTC: {@code 2026-12-05 13:58:34Z}. */
  static String time(java.time.Instant t) {
    return t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString().replace('T', ' ');
  }

  /** A short, readable duration: 850ms, 12s, 3m 4s, 2h 5m, 3d 4h. */
  static String age(Duration d) {
    long ms = d.toMillis();
    if (ms < 1000) {
      return ms + "ms";
    }
    long s = ms / 1000;
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return s / 60 + "m " + s % 60 + "s";
    }
    if (s < 86_400) {
      return s / 3600 + "h " + s % 3600 / 60 + "m";
    }
    return s / 86_400 + "d " + s % 86_400 / 3600 + "h";
  }

  /** The whole page around {@code body}; {@code title} and {@code broker} are escaped here. */
  static String page(String title, String broker, boolean readOnly, String body) {
    return """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>%s · Docket</title>
        <link rel="stylesheet" href="/assets/dashboard.css">
        <script src="/assets/htmx.min.js"></script>
        </head>
        <body>
        <header><a class="brand" href="/">Docket</a>
        <nav><a href="/">Overview</a> <a href="/job">Jobs</a> <a href="/workers">Workers</a>
        <a href="/schedules">Schedules</a> <a href="/workflows">Workflows</a></nav>
        <span class="meta">%s · <span id="mode">%s</span></span></header>
        <main>
        <h1>%s</h1>
        %s
        </main>
        </body>
        </html>
        """.formatted(esc(title), esc(broker), readOnly ? "read-only" : "writable", esc(title),
        body);
  }
}
