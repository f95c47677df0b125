package io.switchboard.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** The cron run log, which is also how one node of a cluster claims a scheduled tick. */
public final class CronRunStore {
  private final Pool pool;

  public CronRunStore(Pool pool) {
    this.pool = pool;
  }

  /** One run of a job, as logged. */
  public record CronRun(long id, String job, Instant tick, String trigger, String node, Instant startedAt,
                        Instant finishedAt, String outcome, String detail) {
  }

  /**
   * Starts a run of {@code job} for {@code tick}; the run id, or null when another node already claimed this
   * scheduled tick or a run of the job is still going (started within {@code staleAfterSeconds}: older ones count
   * as crashed). Claims of one job are serialized by a transaction-scoped advisory lock, so runs never overlap.
   */
  public Future<Long> claim(String job, Instant tick, boolean manual, String node, long staleAfterSeconds) {
    return pool.withTransaction(connection -> connection.preparedQuery("select pg_advisory_xact_lock(hashtext($1))")
      .execute(Tuple.of("cron:" + job))
      .compose(locked -> connection.preparedQuery("""
          insert into cron_runs (job, tick, trigger, node)
          select $1, $2, $3, $4 where not exists (select 1 from cron_runs where job = $1 and outcome = 'running'
            and started_at > now() - make_interval(secs => $5))
          on conflict (job, tick) where trigger = 'schedule' do nothing
          returning id""")
        .execute(Tuple.of(job, OffsetDateTime.ofInstant(tick, ZoneOffset.UTC), manual ? "manual" : "schedule", node,
          (double) staleAfterSeconds)))
      .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getLong(0)));
  }

  /** Records how a run ended. */
  public Future<Void> finish(long runId, boolean ok, String detail) {
    return pool.preparedQuery("update cron_runs set finished_at = now(), outcome = $2, detail = $3 where id = $1")
      .execute(Tuple.of(runId, ok ? "ok" : "failed", detail)).mapEmpty();
  }

  /** Deletes the runs that started before {@code cutoff}; how many went. */
  public Future<Integer> pruneBefore(Instant cutoff) {
    return pool.preparedQuery("delete from cron_runs where started_at < $1 and outcome <> 'running'")
      .execute(Tuple.of(OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC))).map(rows -> rows.rowCount());
  }

  /** The latest runs, newest first; every job when {@code job} is null. */
  public Future<List<CronRun>> recent(String job, int limit) {
    return pool.preparedQuery("""
        select id, job, tick, trigger, node, started_at, finished_at, outcome, detail from cron_runs
        where $1::text is null or job = $1 order by started_at desc, id desc limit $2""")
      .execute(Tuple.of(job, limit))
      .map(rows -> {
        List<CronRun> runs = new ArrayList<>();
        rows.forEach(row -> runs.add(toRun(row)));
        return runs;
      });
  }

  private static CronRun toRun(Row row) {
    OffsetDateTime finished = row.getOffsetDateTime("finished_at");
    return new CronRun(row.getLong("id"), row.getString("job"), row.getOffsetDateTime("tick").toInstant(),
      row.getString("trigger"), row.getString("node"), row.getOffsetDateTime("started_at").toInstant(),
      finished == null ? null : finished.toInstant(), row.getString("outcome"), row.getString("detail"));
  }
}
