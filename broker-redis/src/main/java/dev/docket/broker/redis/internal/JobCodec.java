package dev.docket.broker.redis.internal;

import dev.docket.FailureReason;
import dev.docket.JobFailure;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The byte layouts the scripts store. A job value is {@code
 * "<deliveries>:<token>:<priority>:<enqueued ms>|"} followed by a blob of the headers and body; a
 * dead value is {@code "<priority>:<enqueued ms>:<failure length>|"}, the failure, then the blob.
 * The scripts read only the ASCII prefix; Java alone reads blobs and failures. Length-prefixed
 * fields, no Java serialization.
 */
public final class JobCodec {

  private JobCodec() {}

  /** A parsed job value. */
  public record JobValue(int deliveries, String token, int priority, long enqueuedMs,
      Map<String, String> headers, byte[] body) {}

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

  /** Parses a job value returned by a script. */
  public static JobValue job(byte[] value) {
    long[] fields = new long[4];
    String[] token = {""};
    int pos = prefix(value, fields, 4, token);
    ByteBuffer in = ByteBuffer.wrap(value, pos, value.length - pos);
    Map<String, String> headers = headers(in);
    byte[] body = Arrays.copyOfRange(value, in.position(), value.length);
    return new JobValue((int) fields[0], token[0], (int) fields[2], fields[3], headers, body);
  }

  /** Parses a dead value. */
  public static DeadValue dead(byte[] value) {
    long[] fields = new long[3];
    int pos = prefix(value, fields, 3, null);
    int failureLength = (int) fields[2];
    JobFailure failure = failure(ByteBuffer.wrap(value, pos, failureLength));
    ByteBuffer in = ByteBuffer.wrap(value, pos + failureLength, value.length - pos - failureLength);
    Map<String, String> headers = headers(in);
    byte[] body = Arrays.copyOfRange(value, in.position(), value.length);
    return new DeadValue((int) fields[0], fields[1], failure, headers, body);
  }

  /** Only the headers of a dead value (for filtering by task without copying bodies). */
  public static Map<String, String> deadHeaders(byte[] value) {
    long[] fields = new long[3];
    int pos = prefix(value, fields, 3, null);
    return headers(ByteBuffer.wrap(value, pos + (int) fields[2],
        value.length - pos - (int) fields[2]));
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

  /** Reads {@code count} ':'-separated numbers up to '|'; a token field (index 1) may be empty. */
  private static int prefix(byte[] v, long[] out, int count, String @org.jspecify.annotations.Nullable [] token) {
    int field = 0;
    long n = 0;
    int start = 0;
    for (int i = 0; i < v.length; i++) {
      byte b = v[i];
      if (b == ':' || b == '|') {
        if (token != null && field == 1) {
          token[0] = new String(v, start, i - start, StandardCharsets.US_ASCII);
        }
        out[field++] = n;
        n = 0;
        start = i + 1;
        if (b == '|') {
          if (field != count) {
            break;
          }
          return i + 1;
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
