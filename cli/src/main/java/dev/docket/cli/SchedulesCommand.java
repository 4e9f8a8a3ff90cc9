package dev.docket.cli;

import dev.docket.Docket;
import dev.docket.cron.ScheduleInfo;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code docket schedules}: the cron schedules every process's scheduler runs, as they recorded
 * them in the state store, with the next and last fire times. A process of its own has no
 * scheduler, so the listing needs the store; without one the command fails naming the setting.
 */
@Command(name = "schedules", mixinStandardHelpOptions = true,
    description = "Cron schedules with their next and last fire times (from the state store).")
final class SchedulesCommand implements Callable<Integer> {

  @Mixin Target target = new Target();

  @Spec CommandSpec spec = CommandSpec.create();

  @Override
  public Integer call() {
    try (Docket docket = target.connect(spec)) {
      docket.requireStore("schedule listings");
      target.output(spec).table(List.of("name", "task", "queue", "cron", "zone", "nextFire",
          "lastFire", "lastJobId"), docket.schedules(), (ScheduleInfo s) -> Arrays.asList(
              s.name(), s.task(), s.queue(), s.cron(), s.zone().getId(), s.nextFire(),
              s.lastFire(), s.lastJobId()));
      return 0;
    }
  }
}
