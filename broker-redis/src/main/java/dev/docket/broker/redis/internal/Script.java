package dev.docket.broker.redis.internal;

import dev.docket.spi.support.Require;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One Lua script: its body (the parts of the shared prelude it uses, then its own file) and its
 * SHA-1, so it is called by {@code EVALSHA} and sent in full only when a server answers {@code
 * NOSCRIPT}.
 *
 * @param name the file name without {@code .lua}, for messages
 * @param body the full Lua source
 * @param sha the SHA-1 of the body in lower-case hex, as Redis names cached scripts
 */
public record Script(String name, String body, String sha) {

  /** Validates. */
  public Script {
    Require.nonNull("name", name, "body", body, "sha", sha);
  }

  /**
   * The broker script {@code name}, prefixed with the parts of the shared prelude {@code
   * common.lua} it uses (see {@link Prelude}).
   */
  public static Script broker(String name) {
    String own = read(name);
    return of(name, Common.PRELUDE.forScript(own) + "\n" + own);
  }

  /** The prelude, read and cut once. */
  private static final class Common {
    static final Prelude PRELUDE = Prelude.parse(read("common"));
  }

  /** A script from its source. */
  public static Script of(String name, String body) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-1").digest(body.getBytes(StandardCharsets.UTF_8));
      return new Script(name, body, HexFormat.of().formatHex(digest));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-1", e);
    }
  }

  private static String read(String name) {
    try (InputStream in = Script.class.getResourceAsStream(name + ".lua")) {
      if (in == null) {
        throw new IllegalStateException("script " + name + ".lua is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
