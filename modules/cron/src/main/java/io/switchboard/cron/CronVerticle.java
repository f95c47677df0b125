package io.switchboard.cron;

import io.switchboard.api.Addresses;
import io.switchboard.api.CronJobList;
import io.switchboard.api.CronRunRequest;
import io.switchboard.api.CronRunResult;
import io.switchboard.api.MessageCodecs;
import io.switchboard.store.CronRunStore;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.sqlclient.Pool;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the housekeeping jobs on their cron schedules in the configured time zone. Every node may run this role:
 * a tick is claimed by inserting its row into the run log, so each job runs once per cluster per tick. Admins run
 * a job by hand over {@code sb.cron.run}.
 */
public class CronVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(CronVerticle.class);
  private final Map<String, CronJob> jobs = new LinkedHashMap<>();
  private final Map<String, CronSchedule> schedules = new LinkedHashMap<>();
  private final List<CronJobList.Job> listed = new ArrayList<>();
  private final Set<Long> timers = new HashSet<>();
  private final List<Future<?>> running = new ArrayList<>();
  private boolean stopping;
  private final String node = UUID.randomUUID().toString().substring(0, 8);
  private Pool pool;
  private CronRunStore runs;
  private long staleRunSeconds;
  private ZoneId zone;

  @Override
  public Future<?> start() {
    MessageCodecs.register(vertx);
    CronSettings settings;
    try {
      settings = CronSettings.from(config());
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e.getMessage());
    }
    zone = settings.zone();
    staleRunSeconds = settings.staleRunSeconds();
    pool = settings.storage().postgres(vertx);
    runs = new CronRunStore(pool);
    Map<String, CronJob> known = CronJobs.create(vertx, pool, settings);
    for (CronSettings.Job job : settings.jobs().values()) {
      if (!known.containsKey(job.name())) {
        return Future.failedFuture("cron.jobs." + job.name() + ": no such job (known: " + known.keySet() + ")");
      }
      listed.add(new CronJobList.Job(job.name(), job.schedule(), job.enabled()));
      if (job.enabled()) {
        schedules.put(job.name(), job.parsed());
      }
    }
    jobs.putAll(known);
    known.keySet().stream().filter(name -> !settings.jobs().containsKey(name))
      .forEach(name -> listed.add(new CronJobList.Job(name, null, false)));
    schedules.keySet().forEach(this::scheduleNext);
    return Future.join(vertx.eventBus().<CronRunRequest>consumer(Addresses.CRON_RUN, this::runByHand).completion(),
      vertx.eventBus().consumer(Addresses.CRON_JOBS, message -> message.reply(new CronJobList(zone.getId(), listed)))
        .completion());
  }

  /**
   * Schedules nothing more and waits for the runs under way, each from its claim (a claimed run not yet started
   * would be left logged as running) to its logged end. A run that failed was logged as it failed: stopping still
   * succeeds.
   */
  @Override
  public Future<?> stop() {
    stopping = true;
    timers.forEach(vertx::cancelTimer);
    return Future.join(new ArrayList<>(running)).transform(runsEnded -> pool.close());
  }

  private void scheduleNext(String job) {
    if (stopping) {
      return;
    }
    ZonedDateTime tick = schedules.get(job).next(ZonedDateTime.now());
    long delay = Math.max(1, tick.toInstant().toEpochMilli() - System.currentTimeMillis());
    long[] timer = new long[1];
    timer[0] = vertx.setTimer(delay, id -> {
      timers.remove(timer[0]);
      Future<CronRunResult> claimedRun = runs.claim(job, tick.toInstant(), false, node, staleRunSeconds)
        .compose(runId -> runId == null ? Future.<CronRunResult>succeededFuture() : execute(job, runId))
        .onFailure(failure -> LOG.warn("cron job {} could not start its run: {}", job, failure.getMessage()));
      running.add(claimedRun);
      claimedRun.onComplete(done -> {
        running.remove(claimedRun);
        scheduleNext(job);
      });
    });
    timers.add(timer[0]);
  }

  private void runByHand(Message<CronRunRequest> message) {
    String job = message.body().job();
    if (!jobs.containsKey(job)) {
      message.fail(404, "no cron job is called '" + job + "' (known: " + jobs.keySet() + ")");
      return;
    }
    LOG.info("cron job {} run by hand by {}", job, message.body().actor());
    runs.claim(job, Instant.now(), true, node, staleRunSeconds).onComplete(claimed -> {
      if (claimed.failed()) {
        message.fail(503, "the run could not be logged: " + claimed.cause().getMessage());
      } else if (claimed.result() == null) {
        message.fail(409, "cron job '" + job + "' is running already");
      } else {
        execute(job, claimed.result()).onComplete(logged -> {
          if (logged.succeeded()) {
            message.reply(logged.result());
          } else {
            message.fail(503, "the run's end could not be logged: " + logged.cause().getMessage());
          }
        });
      }
    });
  }

  /** Runs the job and logs how it ended; a job's failure is the run's outcome, not this future's. */
  private Future<CronRunResult> execute(String job, long runId) {
    Future<String> run;
    try {
      run = jobs.get(job).run();
    } catch (RuntimeException defect) {
      run = Future.failedFuture(defect);
    }
    Future<CronRunResult> logged = run
      .map(detail -> new CronRunResult(job, runId, true, detail))
      .recover(failure -> Future.succeededFuture(new CronRunResult(job, runId, false, String.valueOf(
        failure.getMessage()))))
      .compose(result -> {
        if (result.ok()) {
          LOG.debug("cron job {} run {}: {}", job, runId, result.detail()); // frequent; the run log keeps it
        } else {
          LOG.warn("cron job {} run {} failed: {}", job, runId, result.detail());
        }
        return runs.finish(runId, result.ok(), result.detail()).map(result);
      });
    running.add(logged);
    return logged.onComplete(done -> running.remove(logged));
  }
}
