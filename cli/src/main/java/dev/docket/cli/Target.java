package dev.docket.cli;

import dev.docket.Docket;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * The options every command shares: where the broker and the store are, and whether to print
 * JSON. Credentials in a URI are passed to the broker and never printed ({@link Docket#toString()}
 * redacts them).
 */
final class Target {

  @Option(names = {"-b", "--broker"}, paramLabel = "URI",
      description = "Broker URI (default: $DOCKET_BROKER_URI, else memory://).")
  @Nullable String broker;

  @Option(names = {"-s", "--store"}, paramLabel = "URI",
      description = "State store URI for job status (default: $DOCKET_STORE_URI).")
  @Nullable String store;

  @Option(names = "--json", description = "Print JSON instead of a table.")
  boolean json;

  /**
   * Connects as configured; the caller closes it. An option given before the command ({@code
   * docket --broker URI stats q}) counts as well as one after it.
   */
  Docket connect(CommandSpec spec) {
    Target top = top(spec);
    String uri = firstSet(broker, top.broker, System.getenv(Docket.ENV_BROKER_URI));
    Docket.Builder builder = Docket.builder().uri(uri == null ? "memory://" : uri);
    String storeUri = firstSet(store, top.store, System.getenv(Docket.ENV_STORE_URI));
    if (storeUri != null) {
      builder.storeUri(storeUri);
    }
    return builder.build();
  }

  /** Whether to print JSON: {@code --json} before or after the command. */
  boolean json(CommandSpec spec) {
    return json || top(spec).json;
  }

  /** Where the command prints its result: stdout, as JSON when {@link #json} says so. */
  Output output(CommandSpec spec) {
    return new Output(spec.commandLine().getOut(), json(spec));
  }

  /** Whether {@code --json} was given before the command, for commands without this mixin. */
  static boolean jsonBefore(CommandSpec spec) {
    return top(spec).json;
  }

  private static Target top(CommandSpec spec) {
    CommandLine line = spec.commandLine();
    while (line.getParent() != null) {
      line = line.getParent();
    }
    return line.getCommand() instanceof DocketCli cli ? cli.target : new Target();
  }

  private static @Nullable String firstSet(@Nullable String... values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        return v.strip();
      }
    }
    return null;
  }
}
