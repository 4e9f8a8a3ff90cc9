package dev.docket.broker.redis.internal;

import dev.docket.FailureReason;
import dev.docket.JobFailure;
import dev.docket.spi.DeadLetter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The byte layouts the scripts store. A job value is {@code "<priority>:<enqueued ms>|"} followed
 * by a blob of the headers and body; a dead value is {@code "<failure length>|"}, the failure,
 * then the job value. The scripts read only the ASCII prefixes; Java alone reads blobs and
 * failures. Length-prefixed fields, no Java serialization.
 */
public final class Codec {

  private Codec() {}

  /** A parsed job value. */
  public record JobValue(int priority, long enqueuedMs, Map<String, String> headers, byte[] body) {}

  /** A parsed dead value. */
  public record DeadValue(int priority, long enqueuedMs, JobFailure failure,
      Map<String, String> headers, byte[] body) {}

  /** Headers and body as one blob: header count, then length-prefixed keys and values, then the body. */
  public static byte[] blob(Map<String, String> headers, byte[] body) {
    int size = 4 + body.length;
    byte[][] parts = new byte[headers.size() * 2][];
    int i = 0;
    for (Map.Entry<String, String> e : headers.entrySet()) {
      parts[i++] = e.getKey().getBytes(StandardCharsets.UTF_8);
      parts[i++] = e.getValue().getBytes(StandardCharsets.UTF_8);
    }
    for (byte[] p : parts) {
      size += 4 + p.length;
    }
    ByteBuffer out = ByteBuffer.allocate(size);
    out.putInt(headers.size());
    for (byte[] p : parts) {
      out.putInt(p.length).put(p);
    }
    out.put(body);
    return out.array();
  }

  /**
   * A dead letter as {@code dead.lua} stores it: {@code "<failure bytes>|<failure><priority>:
   * <enqueued ms>|<blob>"}, for restoring letters taken from another broker.
   */
  public static byte[] deadValue(DeadLetter d) {
    byte[] f = failure(d.failure());
    byte[] head = (f.length + "|").getBytes(StandardCharsets.US_ASCII);
    byte[] job = (d.priority() + ":" + d.enqueuedAt().toEpochMilli() + "|")
        .getBytes(StandardCharsets.US_ASCII);
    byte[] blob = blob(d.headers(), d.body());
    ByteBuffer out = ByteBuffer.allocate(head.length + f.length + job.length + blob.length);
    return out.put(head).put(f).put(job).put(blob).array();
  }

  /** The first 16 hex digits of the SHA-1 of {@code value}: names a restored letter by content. */
  public static String tag(byte[] value) {
    try {
      byte[] sha = java.security.MessageDigest.getInstance("SHA-1").digest(value);
      return java.util.HexFormat.of().formatHex(sha, 0, 8);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-1", e);
    }
  }

  /** Parses a job value returned by a script. */
  public static JobValue job(byte[] value) {
    return job(value, 0);
  }

  private static JobValue job(byte[] value, int from) {
    long[] fields = new long[2];
    int pos = prefix(value, from, fields, 2);
    ByteBuffer in = ByteBuffer.wrap(value, pos, value.length - pos);
    Map<String, String> headers = headers(in);
    byte[] body = Arrays.copyOfRange(value, in.position(), value.length);
    return new JobValue((int) fields[0], fields[1], headers, body);
  }

  /** Parses a dead value. */
  public static DeadValue dead(byte[] value) {
    long[] fields = new long[1];
    int pos = prefix(value, 0, fields, 1);
    int failureLength = (int) fields[0];
    JobFailure failure = failure(ByteBuffer.wrap(value, pos, failureLength));
    JobValue job = job(value, pos + failureLength);
    return new DeadValue(job.priority(), job.enqueuedMs(), failure, job.headers(), job.body());
  }

  /** Only the headers of a dead value (for filtering by task). */
  public static Map<String, String> deadHeaders(byte[] value) {
    return dead(value).headers();
  }

  /** A failure as bytes. */
  @SuppressWarnings("JavaInstantGetSecondsGetNano") // both halves are stored, nothing is lost
  public static byte[] failure(JobFailure f) {
    byte[][] strings = {
      utf8(f.reason().name()), utf8(f.errorClass()), utf8(f.message()), utf8(f.stackTrace()),
      utf8(f.workerId())
    };
    int size = 4 + 8 + 4;
    for (byte[] s : strings) {
      size += 4 + s.length;
    }
    ByteBuffer out = ByteBuffer.allocate(size);
    for (byte[] s : strings) {
      out.putInt(s.length).put(s);
    }
    out.putInt(f.attempts()).putLong(f.failedAt().getEpochSecond()).putInt(f.failedAt().getNano());
    return out.array();
  }

  private static JobFailure failure(ByteBuffer in) {
    String reason = string(in);
    String errorClass = string(in);
    String message = string(in);
    String stack = string(in);
    String worker = string(in);
    int attempts = in.getInt();
    Instant at = Instant.ofEpochSecond(in.getLong(), in.getInt());
    return new JobFailure(FailureReason.valueOf(reason), errorClass, message, stack, attempts, at,
        worker);
  }

  /** Reads {@code count} ':'-separated numbers from {@code from} up to '|'; returns the next index. */
  private static int prefix(byte[] v, int from, long[] out, int count) {
    int field = 0;
    long n = 0;
    for (int i = from; i < v.length; i++) {
      byte b = v[i];
      if (b == ':' || b == '|') {
        out[field++] = n;
        n = 0;
        if (b == '|') {
          if (field != count) {
            break;
          }
          return i + 1;
        }
        if (field == count) {
          break;
        }
      } else if (b >= '0' && b <= '9') {
        n = n * 10 + (b - '0');
      } else {
        break;
      }
    }
    throw new IllegalStateException("not a Docket value: it does not start with " + count
        + " numeric fields and '|'");
  }

  private static Map<String, String> headers(ByteBuffer in) {
    int n = in.getInt();
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      headers.put(string(in), string(in));
    }
    return headers;
  }

  private static String string(ByteBuffer in) {
    int len = in.getInt();
    String s = new String(in.array(), in.arrayOffset() + in.position(), len, StandardCharsets.UTF_8);
    in.position(in.position() + len);
    return s;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
