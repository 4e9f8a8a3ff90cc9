package dev.docket.dashboard.internal;

import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/** What a page answers: a status, a body and its type, or a redirect. */
record Response(int status, byte[] body, String contentType, @Nullable String location) {

  static Response html(int status, String html) {
    return new Response(status, html.getBytes(StandardCharsets.UTF_8),
        "text/html; charset=utf-8", null);
  }

  static Response ok(String html) {
    return html(200, html);
  }

  /** 303 See Other: after a POST, so reloading the page does not post again. */
  static Response seeOther(String location) {
    return new Response(303, new byte[0], "text/plain; charset=utf-8", location);
  }
}
