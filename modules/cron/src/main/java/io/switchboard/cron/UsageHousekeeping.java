package io.switchboard.cron;

import io.switchboard.store.RollupStore;
import io.switchboard.store.UsagePartitions;
import io.vertx.core.Future;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** The usage log's two daily chores: rollups of the days that may still change, and retention by whole partitions. */
final class UsageHousekeeping {
  private UsageHousekeeping() {
  }

  /** Recomputes yesterday's and today's rollups (UTC days, as the log is partitioned); idempotent. */
  static CronJob rollups(RollupStore rollups) {
    return () -> {
      LocalDate today = LocalDate.now(ZoneOffset.UTC);
      return rollups.recompute(today.minusDays(1))
        .compose(yesterday -> rollups.recompute(today).map(now -> "rolled up " + today.minusDays(1) + " (" + yesterday
          + " rows) and " + today + " (" + now + " rows)"));
    };
  }

  /** Drops the day partitions older than the retention; rows of the kept days stay untouched. */
  static CronJob retention(UsagePartitions partitions, int retentionDays) {
    return () -> {
      LocalDate cutoff = LocalDate.now(ZoneOffset.UTC).minusDays(retentionDays);
      Future<String> dropped = partitions.dropBefore(cutoff)
        .map(names -> names.isEmpty() ? "no partition older than " + cutoff : "dropped " + names);
      return dropped;
    };
  }
}
