package dev.docket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.docket.cron.CronSchedule;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class CronScheduleTest {

  @Test
  void unix_daily_nextAndLatest() {
    CronSchedule daily = CronSchedule.unix("0 0 * * *");
    Instant midnight = Instant.parse("2030-01-01T00:00:00Z");
    assertThat(daily.nextAfter(midnight)).contains(Instant.parse("2030-01-02T00:00:00Z"));
    assertThat(daily.latestAtOrBefore(midnight)).contains(midnight);
    assertThat(daily.latestBefore(midnight)).contains(Instant.parse("2029-12-31T00:00:00Z"));
    assertThat(daily.latestAtOrBefore(midnight.plusSeconds(5))).contains(midnight);
  }

  @Test
  void quartz_withSeconds() {
    assertTicksAround(CronSchedule.quartz("0/10 * * * * ?"), "2030-01-01T00:00:03Z",
        "2030-01-01T00:00:00Z", "2030-01-01T00:00:10Z");
  }

  @Test
  void fractionalInstants_giveWholeSecondTicks() {
    CronSchedule everySecond = CronSchedule.quartz("* * * * * ?");
    assertTicksAround(everySecond, "2030-01-01T00:00:03.543Z", "2030-01-01T00:00:03Z",
        "2030-01-01T00:00:04Z");
    assertThat(everySecond.latestBefore(Instant.parse("2030-01-01T00:00:03Z")))
        .contains(Instant.parse("2030-01-01T00:00:02Z"));
  }

  @Test
  void spring_weekdays() {
    CronSchedule s = CronSchedule.spring("0 0 9 * * MON-FRI");
    // 2030-01-05 is a Saturday: the next run is Monday 09:00.
    assertThat(s.nextAfter(Instant.parse("2030-01-05T10:00:00Z")))
        .contains(Instant.parse("2030-01-07T09:00:00Z"));
  }

  @Test
  void zone_shiftsTicks() {
    CronSchedule paris = CronSchedule.unix("0 2 * * *").zone(ZoneId.of("Europe/Paris"));
    // Winter: Paris is UTC+1, so 02:00 Paris is 01:00 UTC.
    assertThat(paris.nextAfter(Instant.parse("2030-01-10T00:00:00Z")))
        .contains(Instant.parse("2030-01-10T01:00:00Z"));
    assertThat(paris.zone()).isEqualTo(ZoneId.of("Europe/Paris"));
  }

  @Test
  void parse_picksSyntaxByFieldCount() {
    assertThat(CronSchedule.parse("0 0 * * *").syntax()).isEqualTo(CronSchedule.Syntax.UNIX);
    assertThat(CronSchedule.parse("0 0 0 * * *").syntax()).isEqualTo(CronSchedule.Syntax.SPRING);
    assertThat(CronSchedule.parse("0 0 0 * * ? 2031").syntax())
        .isEqualTo(CronSchedule.Syntax.QUARTZ);
  }

  @Test
  void badField_isNamedWithTheExpression() {
    assertThatThrownBy(() -> CronSchedule.unix("61 0 * * *"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("'61 0 * * *'")
        .hasMessageContaining("field 1 (minute) '61'");
    assertThatThrownBy(() -> CronSchedule.unix("0 0 * 13 *"))
        .hasMessageContaining("field 4 (month) '13'");
    assertThatThrownBy(() -> CronSchedule.quartz("0 0 25 * * ?"))
        .hasMessageContaining("field 3 (hour) '25'");
    assertThatThrownBy(() -> CronSchedule.unix("0 0 * * FUNDAY"))
        .hasMessageContaining("day-of-week");
  }

  @Test
  void wrongFieldCount_saysWhatIsExpected() {
    assertThatThrownBy(() -> CronSchedule.unix("0 0 *"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("'0 0 *' has 3 fields; expected 5");
    assertThatThrownBy(() -> CronSchedule.parse("* *"))
        .hasMessageContaining("has 2 fields");
    assertThatThrownBy(() -> CronSchedule.quartz("0 0 0 * *"))
        .hasMessageContaining("expected 6 or 7");
  }

  /** At {@code at}, the latest tick of {@code s} at or before it and the next after it. */
  private static void assertTicksAround(CronSchedule s, String at, String latest, String next) {
    Instant t = Instant.parse(at);
    assertThat(s.latestAtOrBefore(t)).contains(Instant.parse(latest));
    assertThat(s.nextAfter(t)).contains(Instant.parse(next));
  }
}
