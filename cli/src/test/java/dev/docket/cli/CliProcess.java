package dev.docket.cli;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code docket} as a separate JVM, the way an operator's shell does: the module's classes
 * and runtime class path ({@code target/classpath.txt}), arguments, optional stdin, environment.
 */
final class CliProcess {

  /** What a run printed and how it exited. */
  record Result(int exit, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  private CliProcess() {}

  static Result run(Map<String, String> env, String stdin, String... args) throws Exception {
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classpath = "target/classes" + File.pathSeparator
        + Files.readString(Path.of("target/classpath.txt")).strip();
    List<String> command = new ArrayList<>(List.of(javaBin, "-cp", classpath,
        "dev.docket.cli.DocketCli"));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().remove("DOCKET_BROKER_URI");
    pb.environment().remove("DOCKET_STORE_URI");
    pb.environment().putAll(env);
    Path out = Files.createTempFile("docket-cli-out", ".txt");
    Path err = Files.createTempFile("docket-cli-err", ".txt");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    try (OutputStream in = p.getOutputStream()) {
      in.write(stdin.getBytes(StandardCharsets.UTF_8));
    } catch (IOException closedEarly) {
      // The command did not read its input: nothing to deliver.
    }
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("docket " + String.join(" ", args) + " did not exit in 60 s");
    }
    Result r = new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    Files.deleteIfExists(out);
    Files.deleteIfExists(err);
    return r;
  }
}
