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
  /** Today's name and when it stops being today: asked for on every admission, computed once a day. */
  private volatile Named named = new Named("", Long.MIN_VALUE);

  private record Named(String day, long untilMillis) {
  }

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

  /** Today as yyyy-mm-dd, the name the day's counters carry. */
  public String todayName() {
    Named current = named;
    long now = clock.millis();
    if (now < current.untilMillis()) {
      return current.day();
    }
    LocalDate today = LocalDate.ofInstant(Instant.ofEpochMilli(now), zone);
    current = new Named(today.toString(), today.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli());
    named = current;
    return current.day();
  }

  /** The name of the quota day {@code epochMs} falls on (a row replayed after midnight counts for its own day). */
  public String nameOf(long epochMs) {
    return LocalDate.ofInstant(Instant.ofEpochMilli(epochMs), zone).toString();
  }

  /** When today began in the zone. */
  public Instant startOfToday() {
    return today().atStartOfDay(zone).toInstant();
  }

  public ZoneId zone() {
    return zone;
  }
}
