package dev.docket.cli;

import dev.docket.Docket;
import dev.docket.cron.ScheduleInfo;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Command;

/**
 * {@code docket schedules}: the cron schedules every process's scheduler runs, as they recorded
 * them in the state store, with the next and last fire times. A process of its own has no
 * scheduler, so the listing needs the store; without one the command fails naming the setting.
 */
@Command(name = "schedules", mixinStandardHelpOptions = true,
    description = "Cron schedules with their next and last fire times (from the state store).")
final class SchedulesCommand extends DocketCommand {
  @Override
  public Integer call() {
    try (Docket docket = connect()) {
      docket.requireStore("schedule listings");
      output().table(List.of("name", "task", "queue", "cron", "zone", "nextFire",
          "lastFire", "lastJobId"), docket.schedules(), (ScheduleInfo s) -> Arrays.asList(
              s.name(), s.task(), s.queue(), s.cron(), s.zone().getId(), s.nextFire(),
              s.lastFire(), s.lastJobId()));
      return 0;
    }
  }
}
