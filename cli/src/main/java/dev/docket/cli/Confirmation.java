package dev.docket.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;

/** The yes/no question destructive commands ask on stderr unless {@code --yes}. */
final class Confirmation {

  private static final Set<String> YES = Set.of("y", "yes");

  private Confirmation() {}

  /** Asks {@code question} and reads one line of standard input; true for y or yes. */
  static boolean ask(CommandSpec spec, String question) throws IOException {
    spec.commandLine().getErr().print(question);
    spec.commandLine().getErr().flush();
    // Not closed: closing would close System.in for the rest of the process.
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in,
        StandardCharsets.UTF_8));
    String answer = in.readLine();
    return answer != null && YES.contains(answer.strip().toLowerCase(Locale.ROOT));
  }
}
