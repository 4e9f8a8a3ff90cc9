package dev.docket.dashboard.internal;

import dev.docket.dashboard.DashboardAuth;
import dev.docket.dashboard.DashboardRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** HTTP Basic against one user and password; never prints the password. */
public final class BasicAuth implements DashboardAuth {

  private final byte[] expected;

  /** Checks for exactly this user and password. */
  public BasicAuth(String user, String password) {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    if (user.isEmpty() || user.contains(":")) {
      throw new IllegalArgumentException("Basic auth user must be non-empty and contain no ':'");
    }
    if (password.isEmpty()) {
      throw new IllegalArgumentException("Basic auth password must not be empty");
    }
    this.expected = ("Basic " + Base64.getEncoder().encodeToString(
        (user + ":" + password).getBytes(StandardCharsets.UTF_8))).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public boolean allows(DashboardRequest request) {
    @Nullable String given = request.header("Authorization");
    // Constant time, so the answer's timing does not tell how much of a guess was right.
    return given != null
        && MessageDigest.isEqual(expected, given.strip().getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String challenge() {
    return "Basic realm=\"Docket dashboard\", charset=\"UTF-8\"";
  }

  @Override
  public String toString() {
    return "BasicAuth[credentials redacted]";
  }
}
