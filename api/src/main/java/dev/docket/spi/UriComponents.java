package dev.docket.spi;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;

/**
 * Decodes the parts of a connection URI (user, password, query names and values) by RFC 3986
 * percent-decoding. Unlike {@link java.net.URLDecoder}, which decodes HTML form data, a {@code +}
 * stays a {@code +}: a password {@code a+b} is {@code a+b}, not {@code "a b"} (write a space as
 * {@code %20}). A malformed escape fails with a message that names the part but never repeats its
 * text, since the part may be a secret. Stateless and thread-safe.
 *
 * @since 0.1
 */
public final class UriComponents {
  private UriComponents() {}

  /**
   * The decoded text of {@code raw} (a raw URI component, as {@link java.net.URI#getRawUserInfo}
   * returns it).
   *
   * @param raw the still-encoded text
   * @param what names the part in an error, e.g. "the password of the state store URI"
   * @throws IllegalArgumentException when an escape is malformed or the bytes are not UTF-8; the
   *     message names {@code what} only
   */
  public static String decode(String raw, String what) {
    if (raw.indexOf('%') < 0) {
      return raw;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c != '%') {
        byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        if (Character.isHighSurrogate(c) && i + 1 < raw.length()) {
          b = raw.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
          i++;
        }
        out.writeBytes(b);
        continue;
      }
      int hi = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
      int lo = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 2), 16) : -1;
      if (hi < 0 || lo < 0) {
        throw new IllegalArgumentException(what + " has a malformed %-escape at position " + i
            + " (a '%' must be followed by two hex digits; write a literal '%' as %25)");
      }
      out.write(hi * 16 + lo);
      i += 2;
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(out.toByteArray())).toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException(what + " does not decode to UTF-8 text", e);
    }
  }
}
