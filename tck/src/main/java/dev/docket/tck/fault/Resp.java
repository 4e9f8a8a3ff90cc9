package dev.docket.tck.fault;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLSocketFactory;
import org.jspecify.annotations.Nullable;

/**
 * A minimal Redis (RESP2) client for controlling private servers and cleaning up after tests on
 * shared ones, so the TCK needs no Redis driver: replies as strings, longs or lists.
 *
 * @since 0.1
 */
public final class Resp implements AutoCloseable {

  private final Socket socket;
  private final OutputStream out;
  private final InputStream in;
  private final String where;

  private Resp(Socket socket, String where) throws IOException {
    this.socket = socket;
    this.out = socket.getOutputStream();
    this.in = new BufferedInputStream(socket.getInputStream());
    this.where = where;
  }

  /**
   * Connects to the server a {@code redis://} or {@code rediss://} URI names, authenticating with
   * its user info ({@code password} or {@code user:password}) and selecting its database path.
   */
  public static Resp connect(URI redis, Duration timeout) {
    String host = redis.getHost() == null ? "127.0.0.1" : redis.getHost();
    int port = redis.getPort() < 0 ? 6379 : redis.getPort();
    String where = "Redis at " + host + ":" + port;
    boolean tls = "rediss".equalsIgnoreCase(redis.getScheme());
    Resp resp = open(new InetSocketAddress(host, port), timeout, tls, where);
    try {
      String info = redis.getUserInfo();
      if (info != null && !info.isEmpty()) {
        int colon = info.indexOf(':');
        resp.call(colon < 0 ? new String[] {"AUTH", info} : colon == 0
            ? new String[] {"AUTH", info.substring(1)}
            : new String[] {"AUTH", info.substring(0, colon), info.substring(colon + 1)});
      }
      String db = redis.getPath() == null ? "" : redis.getPath().replace("/", "");
      if (!db.isEmpty()) {
        resp.call("SELECT", db);
      }
      return resp;
    } catch (RuntimeException e) {
      resp.close();
      throw e;
    }
  }

  private static Resp open(InetSocketAddress address, Duration timeout, boolean tls,
      String where) {
    try {
      Socket socket = tls ? SSLSocketFactory.getDefault().createSocket() : new Socket();
      try {
        socket.connect(address, (int) timeout.toMillis());
        socket.setSoTimeout((int) timeout.toMillis());
        return new Resp(socket, where);
      } catch (IOException e) {
        socket.close();
        throw e;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(where + " did not answer", e);
    }
  }

  /** Sends one command on a connection of its own and returns its reply. */
  static @Nullable Object call(InetSocketAddress address, Duration timeout, String... args) {
    try (Resp resp = open(address, timeout, false, "Redis at " + address)) {
      return resp.call(args);
    }
  }

  /** Sends one command and returns its reply; a Redis error reply throws. */
  public @Nullable Object call(String... args) {
    StringBuilder cmd = new StringBuilder("*").append(args.length).append("\r\n");
    for (String arg : args) {
      cmd.append('$').append(arg.getBytes(StandardCharsets.UTF_8).length).append("\r\n")
          .append(arg).append("\r\n");
    }
    try {
      out.write(cmd.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
      return read(in);
    } catch (IOException e) {
      throw new UncheckedIOException(where + " did not answer " + args[0], e);
    }
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // Nothing left to release.
    }
  }

  private static @Nullable Object read(InputStream in) throws IOException {
    int type = in.read();
    String line = line(in);
    return switch (type) {
      case '+' -> line;
      case '-' -> throw new IllegalStateException("Redis error: " + line);
      case ':' -> Long.parseLong(line);
      case '$' -> bulk(in, Integer.parseInt(line));
      case '*' -> {
        int len = Integer.parseInt(line);
        List<@Nullable Object> items = new ArrayList<>();
        for (int i = 0; i < len; i++) {
          items.add(read(in));
        }
        yield items;
      }
      default -> throw new EOFException("connection closed or unexpected reply type " + type);
    };
  }

  private static @Nullable String bulk(InputStream in, int len) throws IOException {
    if (len < 0) {
      return null;
    }
    byte[] data = in.readNBytes(len + 2);
    return new String(data, 0, len, StandardCharsets.UTF_8);
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) >= 0 && c != '\r') {
      buf.write(c);
    }
    in.read(); // '\n'
    return buf.toString(StandardCharsets.UTF_8);
  }
}
