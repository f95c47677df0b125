package io.switchboard.admin;

import io.switchboard.api.Addresses;
import io.switchboard.api.CronJobList;
import io.switchboard.api.CronRunRequest;
import io.switchboard.api.CronRunResult;
import io.switchboard.store.CronRunStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Cron jobs (admin only): each job's schedule as the cron role reads it with its latest runs, one job's run log,
 * and a run by hand (the admin is the run's actor; audited with the run's result).
 */
final class CronRoutes {
  private static final long LIST_TIMEOUT_MS = 5_000;
  /** A job run by hand answers when it ends; the cron role lets a job done by another role take this long. */
  private static final long RUN_TIMEOUT_MS = 130_000;
  private final Vertx vertx;
  private final CronRunStore runs;
  private final AuditTrail audit;

  CronRoutes(Vertx vertx, CronRunStore runs, AuditTrail audit) {
    this.vertx = vertx;
    this.runs = runs;
    this.audit = audit;
  }

  void register(Map<String, AdminOperation> ops) {
    ops.put("listCronJobs", this::list);
    ops.put("listCronRuns", this::runsOfJob);
    ops.put("runCronJob", this::run);
  }

  private Future<Answer> list(Call call) {
    int latest = OpsRoutes.limit(call, 5);
    return jobs().compose(known -> {
      List<Future<JsonObject>> views = new ArrayList<>();
      for (CronJobList.Job job : known.jobs()) {
        views.add(runs.recent(job.name(), latest).map(recent -> new JsonObject().put("name", job.name())
          .put("schedule", job.schedule()).put("enabled", job.enabled()).put("runs", view(recent))));
      }
      return Future.all(views).compose(all -> {
        JsonArray items = new JsonArray();
        views.forEach(v -> items.add(v.result()));
        return Answer.ok(new JsonObject().put("timeZone", known.timeZone()).put("items", items));
      });
    });
  }

  private Future<Answer> runsOfJob(Call call) {
    String name = call.param("name");
    int limit = OpsRoutes.limit(call, 50);
    return known(name).compose(job -> runs.recent(name, limit))
      .compose(recent -> Answer.ok(new JsonObject().put("items", view(recent)).put("limit", limit)));
  }

  private Future<Answer> run(Call call) {
    String name = call.param("name");
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(RUN_TIMEOUT_MS);
    return vertx.eventBus()
      .<CronRunResult>request(Addresses.CRON_RUN, new CronRunRequest(name, call.caller().username()), options)
      .map(Message::body)
      .recover(failure -> Future.failedFuture(OpsRoutes.fromRole(failure, "cron")))
      .compose(result -> audit.write(call, "cron.run", "cron_job", name, null, result.toJson(),
        result.ok() ? "ok" : "failed").compose(v -> Answer.ok(result.toJson())));
  }

  private Future<CronJobList> jobs() {
    return vertx.eventBus()
      .<CronJobList>request(Addresses.CRON_JOBS, "list", new DeliveryOptions().setSendTimeout(LIST_TIMEOUT_MS))
      .map(Message::body)
      .recover(failure -> Future.failedFuture(OpsRoutes.fromRole(failure, "cron")));
  }

  private Future<CronJobList.Job> known(String name) {
    return jobs().compose(list -> list.jobs().stream().filter(j -> j.name().equals(name)).findFirst()
      .map(Future::succeededFuture)
      .orElseGet(() -> Future.failedFuture(AdminError.notFound("cron job"))));
  }

  private static JsonArray view(List<CronRunStore.CronRun> recent) {
    JsonArray out = new JsonArray();
    for (CronRunStore.CronRun r : recent) {
      out.add(new JsonObject().put("id", r.id()).put("job", r.job()).put("tick", r.tick().toString())
        .put("trigger", r.trigger()).put("node", r.node()).put("startedAt", r.startedAt().toString())
        .put("finishedAt", r.finishedAt() == null ? null : r.finishedAt().toString()).put("outcome", r.outcome())
        .put("detail", r.detail()));
    }
    return out;
  }
}
