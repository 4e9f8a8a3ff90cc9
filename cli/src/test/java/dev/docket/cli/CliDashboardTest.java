package dev.docket.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code docket dashboard} as a process: it serves until stopped, read-only unless told. */
class CliDashboardTest {

  @Test
  void dashboard_servesTheOverview_andRefusesPostsWhenReadOnly() throws Exception {
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classpath = "target/classes" + File.pathSeparator
        + Files.readString(Path.of("target/classpath.txt")).strip();
    ProcessBuilder pb = new ProcessBuilder(List.of(javaBin, "-cp", classpath,
        "dev.docket.cli.DocketCli", "--broker", "memory://", "dashboard", "--port", "0",
        "--queue", "billing"));
    pb.environment().remove("DOCKET_BROKER_URI");
    pb.redirectError(ProcessBuilder.Redirect.DISCARD);
    Process p = pb.start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
        StandardCharsets.UTF_8))) {
      String line = out.readLine();
      assertThat(line).as("first line names the address")
          .startsWith("dashboard at http://127.0.0.1:").contains("read-only");
      URI uri = URI.create(line.split(" ")[2]);
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> overview = http.send(HttpRequest.newBuilder(uri).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(overview.statusCode()).isEqualTo(200);
      assertThat(overview.body()).contains("billing", "read-only");
      HttpResponse<String> post = http.send(HttpRequest.newBuilder(uri.resolve("/dead/purge"))
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString("queue=billing&scope=all")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(post.statusCode()).isEqualTo(403);
      assertThat(p.isAlive()).as("it keeps serving").isTrue();
    } finally {
      p.destroy();
      assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
    }
  }
}
