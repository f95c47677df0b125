package io.switchboard.app;

import static io.switchboard.app.GatewayHarness.MODEL;
import static io.switchboard.app.GatewayHarness.chat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.api.Addresses;
import io.switchboard.api.CronRunRequest;
import io.switchboard.api.CronRunResult;
import io.switchboard.testkit.TestStorage;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The usage API end to end: priced traffic through the ingress, then the API's numbers against the usage_log rows.
 * Days are UTC days: a request at 23:59:59.999 UTC counts on the day before one at 00:00 UTC. Past days are read
 * from the rollups (the usage-rollups job), today from the raw log.
 */
class UsageApiTest extends AdminTest {
  // 10 micro-units per input token, 20 per output token: the mock's 11 + 3 tokens cost 170 at base prices
  private static final long BASE = 170;
  // uma's hidden multiplier is 1.5: she is charged 255 a request
  private static final long CHARGED = 255;

  private String adminToken;
  private long uma;
  private long umaKey;
  private String umaToken;
  private long vic;
  private long vicKey;

  private void trafficOfTwoUsers() throws Exception {
    adminToken = admin.loginAdmin();
    assertEquals(200, admin.call(io.vertx.core.http.HttpMethod.PUT, "/admin/prices/" + MODEL, adminToken,
      new JsonObject().put("inputMicros", 10_000_000).put("outputMicros", 20_000_000)).status());
    uma = admin.createUser(adminToken, "uma", "uma-password-1", "user");
    vic = admin.createUser(adminToken, "vic", "vic-password-1", "user");
    assertEquals(200, admin.post("/admin/users/multiplier", adminToken, new JsonObject().put("multiplierPpm", 1_500_000)
      .put("userIds", new JsonArray().add(uma))).status());
    umaToken = admin.login("uma", "uma-password-1");
    JsonObject umaCreated = admin.post("/admin/keys", umaToken, new JsonObject().put("name", "uma-key")).json();
    umaKey = umaCreated.getLong("id");
    JsonObject vicCreated = admin.post("/admin/keys", admin.login("vic", "vic-password-1"),
      new JsonObject().put("name", "vic-key")).json();
    vicKey = vicCreated.getLong("id");
    for (int i = 0; i < 3; i++) {
      assertEquals(200, gw.post("/v1/chat/completions", umaCreated.getString("key"), chat(MODEL, false, null))
        .await().status());
    }
    assertEquals(200, gw.post("/v1/chat/completions", vicCreated.getString("key"), chat(MODEL, false, null))
      .await().status());
    assertEquals(List.of(BASE + "|" + CHARGED, BASE + "|" + CHARGED, BASE + "|" + CHARGED), TestStorage.awaitRows(
      "select base_cost_micros || '|' || charged_cost_micros from usage_log where user_id = " + uma, 3));
    assertEquals(List.of(BASE + "|" + BASE), TestStorage.awaitRows(
      "select base_cost_micros || '|' || charged_cost_micros from usage_log where user_id = " + vic, 1));
    // uma's oldest request happened at the last millisecond of yesterday (UTC); the rollup job then ran
    TestStorage.execute("update usage_log set created_at = date_trunc('day', now() at time zone 'UTC') at time zone"
      + " 'UTC' - interval '1 millisecond' where request_id = (select request_id from usage_log where user_id = " + uma
      + " order by created_at limit 1)");
    assertTrue(runRollups().ok());
  }

  @Test
  void summaryDailyMonthlyAndByModelMatchTheRowsAndSplitDaysAtUtcMidnight() throws Exception {
    trafficOfTwoUsers();
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    LocalDate yesterday = today.minusDays(1);

    JsonObject mine = get("/admin/usage/summary", umaToken);
    assertEquals("UTC", mine.getString("dayBoundary"));
    assertEquals(today.toString(), mine.getString("day"));
    assertEquals(uma, mine.getLong("userId"));
    assertTotals(mine.getJsonObject("total"), 3, 33, 9, 3 * CHARGED);
    assertTotals(mine.getJsonObject("today"), 2, 22, 6, 2 * CHARGED);
    assertNull(mine.getJsonObject("quota").getLong("balanceMicros"), "uma has no prepaid balance");
    assertEquals(2 * CHARGED, mine.getJsonObject("quota").getLong("todaySpendMicros"));

    JsonObject all = get("/admin/usage/summary", adminToken);
    assertNull(all.getLong("userId"), "an admin naming no one sees everything");
    assertTotals(all.getJsonObject("total"), 4, 44, 12, 3 * CHARGED + BASE);
    assertEquals(4 * BASE, all.getJsonObject("total").getLong("baseCostMicros"));
    assertNull(all.getJsonObject("quota"));
    JsonObject ofUma = get("/admin/usage/summary?userId=" + uma, adminToken);
    assertEquals(3 * BASE, ofUma.getJsonObject("total").getLong("baseCostMicros"));
    assertEquals(3 * CHARGED, ofUma.getJsonObject("total").getLong("costMicros"));
    JsonObject ofVicKey = get("/admin/usage/summary?keyId=" + vicKey, adminToken);
    assertTotals(ofVicKey.getJsonObject("total"), 1, 11, 3, BASE);

    JsonArray days = get("/admin/usage/daily?from=" + yesterday + "&to=" + today, umaToken).getJsonArray("days");
    assertEquals(2, days.size(), days.encode());
    assertEquals(yesterday.toString(), days.getJsonObject(0).getString("day"));
    assertTotals(days.getJsonObject(0), 1, 11, 3, CHARGED);
    assertEquals(today.toString(), days.getJsonObject(1).getString("day"));
    assertTotals(days.getJsonObject(1), 2, 22, 6, 2 * CHARGED);
    assertEquals(1, get("/admin/usage/daily?from=" + today + "&to=" + today, umaToken).getJsonArray("days").size());

    JsonArray months = get("/admin/usage/monthly", umaToken).getJsonArray("months");
    long requests = 0;
    for (Object m : months) {
      JsonObject month = (JsonObject) m;
      assertTrue(List.of(YearMonth.from(today).toString(), YearMonth.from(yesterday).toString())
        .contains(month.getString("month")), months.encode());
      requests += month.getLong("requests");
    }
    assertEquals(3, requests);

    JsonArray models = get("/admin/usage/models", umaToken).getJsonArray("models");
    assertEquals(1, models.size());
    assertEquals(MODEL, models.getJsonObject(0).getString("model"));
    assertTotals(models.getJsonObject(0), 3, 33, 9, 3 * CHARGED);
  }

  @Test
  void pastDaysComeFromTheRollupsAndTodayFromTheRawLog() throws Exception {
    trafficOfTwoUsers();
    // another of uma's requests lands in yesterday after the job ran: not counted until the job runs again
    TestStorage.execute("update usage_log set created_at = date_trunc('day', now() at time zone 'UTC') at time zone"
      + " 'UTC' - interval '2 hours' where request_id = (select request_id from usage_log where user_id = " + uma
      + " order by created_at desc limit 1)");
    assertEquals(2, get("/admin/usage/summary", umaToken).getJsonObject("total").getLong("requests"));
    assertEquals(1, get("/admin/usage/summary", umaToken).getJsonObject("today").getLong("requests"));
    assertTrue(runRollups().ok());
    assertEquals(3, get("/admin/usage/summary", umaToken).getJsonObject("total").getLong("requests"));
    assertEquals(2, get("/admin/usage/daily", umaToken).getJsonArray("days").getJsonObject(0).getLong("requests"));
  }

  @Test
  void recordsPageNewestFirstFilterAndExportAsCsv() throws Exception {
    trafficOfTwoUsers();
    List<String> ids = TestStorage.query("select request_id from usage_log where user_id = " + uma
      + " order by created_at desc, request_id desc");

    JsonObject first = get("/admin/usage/records?limit=2", umaToken);
    JsonArray items = first.getJsonArray("items");
    assertEquals(List.of(ids.get(0), ids.get(1)), List.of(items.getJsonObject(0).getString("requestId"),
      items.getJsonObject(1).getString("requestId")));
    JsonObject record = items.getJsonObject(0);
    assertEquals(umaKey, record.getLong("keyId"));
    assertEquals(CHARGED, record.getLong("costMicros"));
    assertEquals(11, record.getLong("inputTokens"));
    assertEquals(200, record.getInteger("status"));
    assertFalse(record.containsKey("baseCostMicros") || record.containsKey("accountId"), record.encode());
    JsonObject second = get("/admin/usage/records?limit=2&cursor=" + first.getString("nextCursor"), umaToken);
    assertEquals(List.of(ids.get(2)), List.of(second.getJsonArray("items").getJsonObject(0).getString("requestId")));
    assertNull(second.getString("nextCursor"));

    String midnight = LocalDate.now(ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant().toString();
    assertEquals(2, get("/admin/usage/records?from=" + midnight, umaToken).getJsonArray("items").size(),
      "the request at 23:59:59.999 yesterday is before today's window");
    assertEquals(0, get("/admin/usage/records?status=error", umaToken).getJsonArray("items").size());
    assertEquals(3, get("/admin/usage/records?status=200&model=" + MODEL, umaToken).getJsonArray("items").size());
    assertEquals(0, get("/admin/usage/records?model=other-model", umaToken).getJsonArray("items").size());
    assertEquals("status", error(admin.get("/admin/usage/records?status=teapot", umaToken), 400));
    assertEquals("from", error(admin.get("/admin/usage/records?from=2030-01-01T00:00:00Z&to=2030-03-01T00:00:00Z",
      umaToken), 400));
    assertEquals("limit", error(admin.get("/admin/usage/records?limit=501", umaToken), 400));

    JsonObject adminView = get("/admin/usage/records?keyId=" + umaKey + "&limit=1", adminToken).getJsonArray("items")
      .getJsonObject(0);
    assertEquals(BASE, adminView.getLong("baseCostMicros"));
    assertEquals(CHARGED, adminView.getLong("costMicros"));

    GatewayHarness.Reply csv = admin.get("/admin/usage/records.csv", umaToken);
    assertEquals(200, csv.status());
    assertTrue(csv.headers().get("content-type").startsWith("text/csv"));
    String[] lines = csv.body().toString().split("\r\n");
    assertEquals("requestId,createdAt,keyId,model,inputTokens,outputTokens,cachedTokens,cacheWriteTokens,"
      + "reasoningTokens,status,latencyMs,stream,outcome,costMicros,estimated,priceMissing", lines[0]);
    assertEquals(4, lines.length, "a header and uma's 3 requests");
    String newest = TestStorage.query("select concat_ws(',', request_id, to_char(created_at at time zone 'UTC',"
      + " 'YYYY-MM-DD\"T\"HH24:MI:SS.US'), key_id, model, input_tokens, output_tokens, cached_tokens,"
      + " cache_write_tokens, reasoning_tokens, status, latency_ms, stream, outcome, charged_cost_micros, estimated,"
      + " price_missing) from usage_log where request_id = '" + ids.get(0) + "'").get(0);
    assertEquals(normalize(newest), normalize(lines[1]));
    String adminHeader = admin.get("/admin/usage/records.csv?userId=" + uma, adminToken).body().toString()
      .split("\r\n")[0];
    assertTrue(adminHeader.endsWith(",userId,accountId,upstreamModel,errorClass,baseCostMicros"), adminHeader);
  }

  @Test
  void aUserCannotNameAnotherUsersIdOrKeyButAnAdminCan() throws Exception {
    trafficOfTwoUsers();
    for (String path : List.of("/admin/usage/summary", "/admin/usage/daily", "/admin/usage/monthly",
        "/admin/usage/models", "/admin/usage/records", "/admin/usage/records.csv")) {
      GatewayHarness.Reply otherUser = admin.get(path + "?userId=" + vic, umaToken);
      assertEquals(404, otherUser.status(), path);
      assertEquals("user not found", otherUser.json().getJsonObject("error").getString("message"));
      GatewayHarness.Reply otherKey = admin.get(path + "?keyId=" + vicKey, umaToken);
      assertEquals(404, otherKey.status(), path);
      assertEquals("key not found", otherKey.json().getJsonObject("error").getString("message"));
      assertEquals(200, admin.get(path + "?userId=" + uma + "&keyId=" + umaKey, umaToken).status(), path);
      assertEquals(200, admin.get(path + "?userId=" + vic, adminToken).status(), path);
      assertEquals(404, admin.get(path + "?userId=999999", adminToken).status(), path);
    }
    assertEquals(BASE, get("/admin/usage/summary?userId=" + vic, adminToken).getJsonObject("total")
      .getLong("costMicros"));
  }

  @Test
  void keyCountersShowChargedCostAndBudgetLeftAndBaseCostToAdminsOnly() throws Exception {
    trafficOfTwoUsers();
    assertEquals(200, admin.call(io.vertx.core.http.HttpMethod.PATCH, "/admin/keys/" + umaKey, umaToken,
      new JsonObject().put("budgetMicros", 1000)).status());
    TestStorage.awaitRows("select 1 from api_keys where spent_micros = " + 3 * CHARGED + " and id = " + umaKey, 1);

    JsonObject asAdmin = get("/admin/keys/" + umaKey, adminToken).getJsonObject("usage");
    assertEquals(3, asAdmin.getLong("requests"));
    assertEquals(3 * CHARGED, asAdmin.getLong("costMicros"));
    assertEquals(3 * BASE, asAdmin.getLong("baseCostMicros"));
    assertEquals(1000 - 3 * CHARGED, asAdmin.getLong("budgetRemainingMicros"));
    assertNotNull(asAdmin.getString("lastRequestAt"));
    JsonObject own = get("/admin/keys/" + umaKey, umaToken);
    assertEquals(3 * CHARGED, own.getLong("spentMicros"));
    assertEquals(3 * CHARGED, own.getJsonObject("usage").getLong("costMicros"));
    assertFalse(own.getJsonObject("usage").containsKey("baseCostMicros"), own.encode());
    JsonArray listed = new JsonArray(admin.get("/admin/keys", adminToken).body());
    for (Object k : listed) {
      JsonObject key = (JsonObject) k;
      long expected = key.getLong("id") == umaKey ? 3 * CHARGED : key.getLong("id") == vicKey ? BASE : 0;
      assertEquals(expected, key.getJsonObject("usage").getLong("costMicros"), key.encode());
    }
  }

  private CronRunResult runRollups() throws Exception {
    return gw.vertx.eventBus().<CronRunResult>request(Addresses.CRON_RUN, new CronRunRequest("usage-rollups", "test"))
      .await().body();
  }

  private JsonObject get(String path, String token) {
    GatewayHarness.Reply reply = admin.get(path, token);
    assertEquals(200, reply.status(), path + ": " + reply.body());
    return reply.json();
  }

  private static String error(GatewayHarness.Reply reply, int status) {
    assertEquals(status, reply.status(), reply.body().toString());
    return reply.json().getJsonObject("error").getString("field");
  }

  private static void assertTotals(JsonObject t, long requests, long input, long output, long cost) {
    assertEquals(List.of(requests, input, output, cost), List.of(t.getLong("requests"), t.getLong("inputTokens"),
      t.getLong("outputTokens"), t.getLong("costMicros")), t.encode());
  }

  /** Instants print with trailing zeros trimmed by Java and padded by PostgreSQL: compare them as instants. */
  private static String normalize(String line) {
    String[] cells = line.split(",");
    cells[1] = java.time.Instant.parse(cells[1].endsWith("Z") ? cells[1] : cells[1] + "Z").toString();
    cells[11] = cells[11].startsWith("t") ? "true" : cells[11].startsWith("f") ? "false" : cells[11];
    cells[14] = cells[14].startsWith("t") ? "true" : cells[14].startsWith("f") ? "false" : cells[14];
    cells[15] = cells[15].startsWith("t") ? "true" : cells[15].startsWith("f") ? "false" : cells[15];
    return String.join(",", cells);
  }
}
