package io.switchboard.cron;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * A cron expression read in one time zone: Unix's five fields (minute hour day-of-month month day-of-week), or six
 * with seconds first (Spring's form) for jobs that tick more often than once a minute.
 */
final class CronSchedule {
  private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
  private static final CronParser WITH_SECONDS =
    new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.SPRING));
  private final ExecutionTime executions;
  private final ZoneId zone;

  private CronSchedule(ExecutionTime executions, ZoneId zone) {
    this.executions = executions;
    this.zone = zone;
  }

  /** The schedule, or IllegalArgumentException saying what is wrong with the expression. */
  static CronSchedule parse(String expression, ZoneId zone) {
    try {
      CronParser parser = expression.trim().split("\\s+").length == 6 ? WITH_SECONDS : UNIX;
      return new CronSchedule(ExecutionTime.forCron(parser.parse(expression).validate()), zone);
    } catch (IllegalArgumentException | NullPointerException bad) {
      throw new IllegalArgumentException("'" + expression + "' is not a cron expression ([second] minute hour day"
        + " month weekday)"
        + (bad.getMessage() == null ? "" : ": " + bad.getMessage()));
    }
  }

  /** The first tick strictly after {@code after}. */
  ZonedDateTime next(ZonedDateTime after) {
    return executions.nextExecution(after.withZoneSameInstant(zone))
      .orElseThrow(() -> new IllegalStateException("the schedule has no next tick"));
  }
}
