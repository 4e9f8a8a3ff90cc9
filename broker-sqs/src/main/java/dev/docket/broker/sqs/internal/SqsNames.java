package dev.docket.broker.sqs.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Maps a Docket queue to its SQS queue names: one lane per priority band ({@code -p0} ...), a
 * delay queue ({@code -delay}) and a dead-letter queue ({@code -dlq}). SQS names allow letters,
 * digits, {@code -} and {@code _} up to 80 characters; Docket queue names may also hold {@code .},
 * so the mapping escapes {@code _} as {@code _u} and {@code .} as {@code _d}, which keeps it
 * one-to-one. No suffix ends another suffix, so two Docket queues never share an SQS name. Names
 * too long for SQS keep a readable head and end in a hash of the whole name.
 *
 * <p>In FIFO mode lanes and the dead-letter queue end in {@code .fifo} (SQS requires it; it counts
 * towards the 80 characters), and the delay queue, which stays a standard queue, is {@code
 * -fdelay}: a standard-mode broker with the same prefix must never drain it into its own lanes.
 * No standard name holds a {@code .}, so the two modes never share a queue.
 *
 * @param prefix prepended to every name
 * @param fifo whether lanes and dead-letter queue are FIFO queues
 */
public record SqsNames(String prefix, boolean fifo) {

  static final int SQS_NAME_LIMIT = 80;
  /** Longest suffix: "-delay". */
  private static final int SUFFIX_ROOM = 6;
  /** Longest FIFO-mode suffix: "-dlq.fifo". */
  private static final int FIFO_SUFFIX_ROOM = 9;
  private static final String FIFO = ".fifo";

  /** Names of standard queues. */
  public SqsNames(String prefix) {
    this(prefix, false);
  }

  /** The escaped base name of {@code queue}, prefix included, short enough for any suffix. */
  public String base(String queue) {
    StringBuilder b = new StringBuilder(prefix);
    for (int i = 0; i < queue.length(); i++) {
      char c = queue.charAt(i);
      switch (c) {
        case '_' -> b.append("_u");
        case '.' -> b.append("_d");
        default -> b.append(c);
      }
    }
    String full = b.toString();
    int room = fifo ? FIFO_SUFFIX_ROOM : SUFFIX_ROOM;
    if (full.length() <= SQS_NAME_LIMIT - room) {
      return full;
    }
    String hash = HexFormat.of().formatHex(sha256(full), 0, 6);
    return full.substring(0, SQS_NAME_LIMIT - room - hash.length() - 1) + "-" + hash;
  }

  /** The lane queue of priority band {@code band}. */
  public String lane(String base, int band) {
    return base + "-p" + band + (fifo ? FIFO : "");
  }

  /** The delay queue (a standard queue in both modes). */
  public String delay(String base) {
    return base + (fifo ? "-fdelay" : "-delay");
  }

  /** The dead-letter queue. */
  public String deadLetters(String base) {
    return base + "-dlq" + (fifo ? FIFO : "");
  }

  /** The band of a lane name of {@code base}, or -1 when {@code name} is not one. */
  public int bandOf(String base, String name) {
    String head = base + "-p";
    String tail = fifo ? FIFO : "";
    if (name.length() == head.length() + 1 + tail.length() && name.startsWith(head)
        && name.endsWith(tail)) {
      char c = name.charAt(head.length());
      return c >= '0' && c <= '9' ? c - '0' : -1;
    }
    return -1;
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}
