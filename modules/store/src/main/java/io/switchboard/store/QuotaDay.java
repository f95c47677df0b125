package io.switchboard.store;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/** The quota day: daily quotas reset at local midnight in a configured time zone. */
public final class QuotaDay {
  private final ZoneId zone;
  private final Clock clock;

  private QuotaDay(ZoneId zone, Clock clock) {
    this.zone = zone;
    this.clock = clock;
  }

  /** The quota day of this zone id; the message names {@code key} when the zone is unknown. */
  public static QuotaDay of(String zoneId, String key) {
    try {
      return new QuotaDay(ZoneId.of(zoneId), Clock.systemUTC());
    } catch (DateTimeException | NullPointerException e) {
      throw new IllegalArgumentException(key + ": unknown time zone '" + zoneId + "'");
    }
  }

  public LocalDate today() {
    return LocalDate.now(clock.withZone(zone));
  }

  /** When today began in the zone. */
  public Instant startOfToday() {
    return today().atStartOfDay(zone).toInstant();
  }

  public ZoneId zone() {
    return zone;
  }
}
