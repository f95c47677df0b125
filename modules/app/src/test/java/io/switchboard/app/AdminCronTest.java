package io.switchboard.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testkit.TestStorage;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Cron jobs through the admin port: listed with their schedules and latest runs, run by hand, logged and audited. */
class AdminCronTest extends AdminTest {
  private static final Set<String> JOBS = Set.of("quota-reset", "reenable-accounts", "health-probes", "usage-rollups",
    "usage-retention", "run-log-retention", "response-retention", "key-expiry-reminders",
    "audit-log-retention", "quota-history-retention", "rule-hits-retention", "account-status-events-retention",
    "account-quota-reset", "body-retention");

  @Override
  protected JsonObject adminOverrides() {
    return new JsonObject().put("cron", new JsonObject().put("timeZone", "Europe/Berlin").put("jobs",
      new JsonObject().put("usage-retention", new JsonObject().put("schedule", "30 3 * * *").put("enabled", false))));
  }

  @Test
  void aJobRunByHandWritesItsRunLogRowIsAuditedAndListed() throws Exception {
    String token = admin.loginAdmin();

    GatewayHarness.Reply ran = admin.post("/admin/cron/jobs/usage-rollups/run", token, null);

    assertEquals(200, ran.status(), ran.body().toString());
    JsonObject result = ran.json();
    assertEquals("usage-rollups", result.getString("job"));
    assertTrue(result.getBoolean("ok"), result.encode());
    long runId = result.getLong("runId");
    assertEquals(List.of("usage-rollups|manual|ok|" + result.getString("detail")), TestStorage.query(
      "select concat_ws('|', job, trigger, outcome, detail) from cron_runs where id = " + runId));
    assertEquals(List.of("cron.run|admin|cron_job|usage-rollups|ok|" + runId), TestStorage.query("select concat_ws('|',"
      + " action, actor_name, target_type, target_id, outcome, after->>'runId') from audit_log where action = 'cron.run'"));

    JsonArray runs = admin.get("/admin/cron/jobs/usage-rollups/runs", token).json().getJsonArray("items");
    assertEquals(runId, runs.getJsonObject(0).getLong("id"));
    assertEquals("manual", runs.getJsonObject(0).getString("trigger"));
    assertEquals("ok", runs.getJsonObject(0).getString("outcome"));

    JsonObject listed = admin.get("/admin/cron/jobs", token).json();
    assertEquals("Europe/Berlin", listed.getString("timeZone"));
    Map<String, JsonObject> jobs = listed.getJsonArray("items").stream().map(j -> (JsonObject) j)
      .collect(Collectors.toMap(j -> j.getString("name"), j -> j));
    assertEquals(JOBS, jobs.keySet());
    assertEquals("0 0 * * *", jobs.get("quota-reset").getString("schedule"));
    assertEquals(true, jobs.get("quota-reset").getBoolean("enabled"));
    assertEquals(false, jobs.get("usage-retention").getBoolean("enabled"));
    assertEquals(runId, jobs.get("usage-rollups").getJsonArray("runs").getJsonObject(0).getLong("id"));
  }

  @Test
  void anUnknownJobIsNotFoundAndAJobAlreadyRunningIsAConflict() throws Exception {
    String token = admin.loginAdmin();
    assertEquals(404, admin.post("/admin/cron/jobs/no-such-job/run", token, null).status());
    assertEquals(404, admin.get("/admin/cron/jobs/no-such-job/runs", token).status());

    TestStorage.execute("insert into cron_runs (job, tick, trigger, node) values ('key-expiry-reminders', now(),"
      + " 'manual', 'elsewhere')");
    GatewayHarness.Reply busy = admin.post("/admin/cron/jobs/key-expiry-reminders/run", token, null);
    assertEquals(409, busy.status(), busy.body().toString());
    assertTrue(busy.json().getJsonObject("error").getString("message").contains("running already"));
    assertEquals(List.of("1"), TestStorage.query("select count(*) from cron_runs where job = 'key-expiry-reminders'"),
      "no second run was started");
  }
}
