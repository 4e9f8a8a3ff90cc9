package dev.docket.dashboard.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.docket.Docket;
import dev.docket.dashboard.DashboardOptions;
import dev.docket.dashboard.DashboardRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side: binds, authenticates every request, refuses writes when read-only or without
 * the CSRF token, routes to the pages and sets headers that keep the pages from being framed or
 * from running any script but htmx.
 */
public final class DashboardServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DashboardServer.class);
  private static final String HTMX = "META-INF/resources/webjars/htmx.org/2.0.8/dist/htmx.min.js";
  private static final String CSS = "dev/docket/dashboard/dashboard.css";

  private final HttpServer http;
  private final ExecutorService executor;
  private final DashboardOptions options;
  private final Pages pages;
  private final DeadLetterPage deadLetters;
  private final WorkersPage workers;
  private final ListingPages listings;
  private final String csrf;
  private final URI uri;
  private final boolean loopback;

  private DashboardServer(Docket docket, DashboardOptions options) throws IOException {
    this.options = options;
    byte[] token = new byte[32];
    new SecureRandom().nextBytes(token);
    // One random token per server: a page from another site cannot read it, so cannot post.
    this.csrf = Base64.getUrlEncoder().withoutPadding().encodeToString(token);
    View view = new View(docket, options, csrf);
    this.pages = new Pages(view);
    this.deadLetters = new DeadLetterPage(view);
    this.workers = new WorkersPage(view);
    this.listings = new ListingPages(view);
    this.http = HttpServer.create(new InetSocketAddress(options.bindAddress(), options.port()), 0);
    this.executor = Executors.newVirtualThreadPerTaskExecutor();
    http.setExecutor(executor);
    http.createContext("/", this::handle);
    http.start();
    InetSocketAddress bound = http.getAddress();
    this.loopback = bound.getAddress().isLoopbackAddress();
    String host = bound.getAddress().getHostAddress();
    this.uri = URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":"
        + bound.getPort() + "/");
  }

  /** Starts listening. */
  public static DashboardServer start(Docket docket, DashboardOptions options) {
    Objects.requireNonNull(docket, "docket");
    try {
      DashboardServer server = new DashboardServer(docket, options);
      LOG.info("Docket dashboard at {} ({})", server.uri, options.readOnly() ? "read-only"
          : "writable");
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("dashboard could not listen on " + options.bindAddress()
          + ":" + options.port() + ": " + e.getMessage(), e);
    }
  }

  /** Where it listens. */
  public URI uri() {
    return uri;
  }

  @Override
  public void close() {
    http.stop(1);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      Response response;
      try {
        response = route(exchange);
      } catch (Request.BadRequest e) {
        response = Response.html(400, error("Bad request", e.getMessage()));
      } catch (IllegalArgumentException e) {
        response = Response.html(400, error("Bad request", e.getMessage()));
      } catch (RuntimeException e) {
        LOG.warn("dashboard request {} failed", exchange.getRequestURI().getPath(), e);
        response = Response.html(500, error("Error", e.getClass().getSimpleName() + ": "
            + e.getMessage()));
      }
      send(exchange, response);
    }
  }

  private Response route(HttpExchange exchange) throws IOException {
    if (loopback && !localHost(exchange.getRequestHeaders().getFirst("Host"))) {
      // DNS rebinding: a page from another site whose name now points at 127.0.0.1 must not
      // read the dashboard (and its CSRF token); a loopback dashboard answers only to local names.
      return Response.html(403, error("Forbidden", "This dashboard only answers to 127.0.0.1,"
          + " localhost or [::1]."));
    }
    DashboardRequest seen = new DashboardRequest(exchange.getRequestMethod(),
        exchange.getRequestURI().getPath(), exchange.getRequestHeaders());
    if (!options.auth().allows(seen)) {
      String challenge = options.auth().challenge();
      if (challenge != null) {
        exchange.getResponseHeaders().set("WWW-Authenticate", challenge);
      }
      return Response.html(401, error("Unauthorized", "Sign in to use the dashboard."));
    }
    Request req = Request.read(exchange);
    if (req.method.equals("POST")) {
      if (options.readOnly()) {
        return Response.html(403, error("Forbidden", "This dashboard is read-only; start it"
            + " with readOnly(false) (docket dashboard --writable) to replay or purge."));
      }
      String token = req.param("csrf");
      if (token == null || !MessageDigest.isEqual(csrf.getBytes(StandardCharsets.UTF_8),
          token.getBytes(StandardCharsets.UTF_8))) {
        return Response.html(403, error("Forbidden", "Missing or wrong CSRF token: reload the"
            + " page and try again."));
      }
      return switch (req.path) {
        case "/dead/replay" -> deadLetters.act(req, true);
        case "/dead/purge" -> deadLetters.act(req, false);
        default -> Response.html(404, error("Not found", req.path));
      };
    }
    if (!req.method.equals("GET") && !req.method.equals("HEAD")) {
      return Response.html(405, error("Method not allowed", req.method));
    }
    return switch (req.path) {
      case "/" -> pages.overview(req);
      case "/queue" -> pages.queue(req);
      case "/dead" -> deadLetters.list(req);
      case "/job" -> pages.job(req);
      case "/workflows" -> listings.workflows(req);
      case "/workers" -> workers.render(req);
      case "/schedules" -> listings.schedules(req);
      case "/assets/htmx.min.js" -> asset(HTMX, "text/javascript; charset=utf-8");
      case "/assets/dashboard.css" -> asset(CSS, "text/css; charset=utf-8");
      default -> Response.html(404, error("Not found", req.path));
    };
  }

  /** Whether a Host header names this machine's loopback (any port). */
  static boolean localHost(@Nullable String host) {
    if (host == null) {
      return false;
    }
    String h = host.strip().toLowerCase(java.util.Locale.ROOT);
    if (h.startsWith("[")) {
      int end = h.indexOf(']');
      return end > 0 && h.substring(1, end).equals("::1");
    }
    int colon = h.indexOf(':');
    String name = colon < 0 ? h : h.substring(0, colon);
    return name.equals("localhost") || name.equals("127.0.0.1");
  }

  private String error(String title, @Nullable String message) {
    return pages.view().page(title, "<p class=\"error\">" + Html.esc(message) + "</p>"
        + "<p><a href=\"/\">Back to the overview</a></p>");
  }

  private static Response asset(String resource, String type) throws IOException {
    try (InputStream in = DashboardServer.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      return new Response(200, in.readAllBytes(), type, null);
    }
  }

  private static void send(HttpExchange exchange, Response r) throws IOException {
    var h = exchange.getResponseHeaders();
    h.set("Content-Type", r.contentType());
    h.set("X-Content-Type-Options", "nosniff");
    h.set("X-Frame-Options", "DENY");
    h.set("Referrer-Policy", "no-referrer");
    h.set("Cache-Control", "no-store");
    // Only our own script (htmx) runs; inline styles are allowed for htmx's indicator styles.
    h.set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'"
        + " 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'");
    if (r.location() != null) {
      h.set("Location", r.location());
    }
    boolean head = exchange.getRequestMethod().equalsIgnoreCase("HEAD");
    exchange.sendResponseHeaders(r.status(), head || r.body().length == 0 ? -1
        : r.body().length);
    if (!head && r.body().length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(r.body());
      }
    }
  }
}
