package io.switchboard.cron;

import io.vertx.core.Future;

/** One housekeeping job: runs when its schedule says (once per cluster per tick) or when an admin asks. */
interface CronJob {
  /** What it did, in one line for the run log; a failed future is a failed run. */
  Future<String> run();
}
