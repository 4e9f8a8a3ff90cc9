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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A minimal Redis (RESP2) client for controlling private servers, so the TCK needs no Redis
 * driver: one connection per call, replies as strings, longs or lists.
 */
final class Resp {

  private Resp() {}

  /** Sends one command and returns its reply; a Redis error reply throws. */
  static @Nullable Object call(InetSocketAddress address, Duration timeout, String... args) {
    try (Socket socket = new Socket()) {
      socket.connect(address, (int) timeout.toMillis());
      socket.setSoTimeout((int) timeout.toMillis());
      OutputStream out = socket.getOutputStream();
      StringBuilder cmd = new StringBuilder("*").append(args.length).append("\r\n");
      for (String arg : args) {
        cmd.append('$').append(arg.getBytes(StandardCharsets.UTF_8).length).append("\r\n")
            .append(arg).append("\r\n");
      }
      out.write(cmd.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
      return read(new BufferedInputStream(socket.getInputStream()));
    } catch (IOException e) {
      throw new UncheckedIOException("Redis at " + address + " did not answer " + args[0], e);
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
