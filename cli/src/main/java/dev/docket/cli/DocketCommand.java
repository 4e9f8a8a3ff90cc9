package dev.docket.cli;

import dev.docket.Docket;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that talks to a broker: the shared {@link Target} options, picocli's spec of the
 * command, and the connection, output and error stream every such command uses. Picocli reads
 * the annotated fields of this class in each subclass.
 */
abstract class DocketCommand implements Callable<Integer> {

  @Mixin Target target = new Target();

  @Spec CommandSpec spec = CommandSpec.create();

  /** Connects as the options and environment say; the caller closes it. */
  Docket connect() {
    return target.connect(spec);
  }

  /** Where the result goes: stdout, as JSON with {@code --json}. */
  Output output() {
    return target.output(spec);
  }

  /** Whether {@code --json} was given, before or after the command. */
  boolean json() {
    return target.json(spec);
  }

  /** The stream for one-line errors and notes (not results). */
  PrintWriter err() {
    return spec.commandLine().getErr();
  }
}
