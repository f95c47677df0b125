package io.switchboard.app;

import static io.switchboard.app.GatewayHarness.CLIENT_KEY;
import static io.switchboard.app.GatewayHarness.chat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testkit.TestStorage;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Accounts, groups, prices and the audit export through the admin API, on the same rows the bootstrap writes. */
class AdminAccountsTest extends AdminTest {

  /** A second bootstrap account of kind openai-compatible, and a bootstrap key owned by a named user. */
  @Override
  protected JsonObject adminOverrides() {
    JsonObject file = GatewayHarness.ownStorageConfig("http://unused", 1, new JsonObject());
    JsonArray accounts = file.getJsonObject("bootstrap").getJsonArray("accounts").copy();
    accounts.getJsonObject(0).put("baseUrl", "${env:MOCK_ROOT}/v1");
    accounts.add(new JsonObject().put("name", "local-llm").put("provider", "openai-compatible")
        .put("baseUrl", "${env:MOCK_ROOT}/v1").put("apiKey", "compat-credential-0000")
        .put("models", new JsonArray().add("llama-3.1-8b")).put("groups", new JsonArray().add("default").add("vip")));
    return new JsonObject().put("bootstrap", new JsonObject().put("accounts", accounts));
  }

  @Test
  void bootstrapRowsAreTheApisRowsAndAnOpenAiCompatibleAccountServes() throws Exception {
    String token = admin.loginAdmin();
    JsonArray listed = new JsonArray(admin.get("/admin/accounts", token).body());
    JsonObject mock = find(listed, "mock");
    JsonObject local = find(listed, "local-llm");
    assertEquals("…3a9c", mock.getString("credential"));
    assertEquals("openai-compatible", local.getString("provider"));
    assertEquals(new JsonArray().add("default").add("vip"), local.getJsonArray("groups"));

    GatewayHarness.Reply served = gw.post("/v1/chat/completions", CLIENT_KEY, chat("llama-3.1-8b", false, null)).await();
    assertEquals(200, served.status(), served.body().toString());
    assertEquals("Bearer compat-credential-0000", gw.mock.received().get(0).headers().get("authorization"));

    // an API edit of a bootstrap row: an alias, then a status that takes the account out of routing
    GatewayHarness.Reply edited = admin.call(HttpMethod.PATCH, "/admin/accounts/" + local.getLong("id"), token,
      new JsonObject().put("aliases", new JsonObject().put("small", "llama-3.1-8b")));
    assertEquals(200, edited.status(), edited.body().toString());
    assertEquals("…0000", edited.json().getString("credential"), "an unchanged credential stays, masked");
    assertEquals(200, untilStatusIsNot(404, "small").status(), "the scheduler reloads its accounts");
    List<io.switchboard.testkit.ReceivedRequest> received = gw.mock.received();
    assertEquals("llama-3.1-8b", received.get(received.size() - 1).json().getString("model"));
    admin.call(HttpMethod.PATCH, "/admin/accounts/" + local.getLong("id"), token, new JsonObject()
      .put("status", "banned").put("statusReason", "leaked key").put("statusUntil", "2031-01-01T00:00:00Z"));
    assertEquals(List.of("banned|leaked key"), TestStorage.query("select status || '|' || status_reason from accounts"
      + " where name = 'local-llm'"));
    assertEquals(404, untilStatusIsNot(200, "llama-3.1-8b").status(), "a banned account serves no more");

    GatewayHarness.Reply tested = admin.post("/admin/accounts/" + mock.getLong("id") + "/test", token, null);
    assertEquals(200, tested.status());
    assertTrue(tested.json().getBoolean("ok"), tested.body().toString());
    assertEquals(200, tested.json().getInteger("status"));
    assertTrue(tested.json().getLong("latencyMs") >= 0);

    GatewayHarness.Reply badProvider = admin.post("/admin/accounts", token, new JsonObject().put("name", "x")
      .put("provider", "openia").put("baseUrl", "https://x.example").put("models", new JsonArray().add("m")));
    assertEquals(400, badProvider.status());
    assertEquals("provider", badProvider.json().getJsonObject("error").getString("field"));
    GatewayHarness.Reply duplicate = admin.post("/admin/accounts", token, new JsonObject().put("name", "mock")
      .put("provider", "openai").put("baseUrl", "https://x.example").put("models", new JsonArray().add("m")));
    assertEquals(409, duplicate.status());

    List<String> owners = TestStorage.query("select u.username from api_keys k join users u on u.id = k.user_id"
      + " order by k.name");
    assertEquals(List.of("admin", "admin"), owners, "bootstrap keys belong to the initial admin");
  }

  @Test
  void pricesAreSeededWithoutOverwritingAnAdminsEditAndGroupsAreManaged() throws Exception {
    String token = admin.loginAdmin();
    JsonObject gpt4o = find(new JsonArray(admin.get("/admin/prices", token).body()), "gpt-4o", "model");
    assertEquals(2_500_000L, gpt4o.getLong("inputMicros"));
    assertEquals(10_000_000L, gpt4o.getLong("outputMicros"));
    assertTrue(Integer.parseInt(TestStorage.query("select count(*) from model_prices").get(0)) > 20);

    GatewayHarness.Reply put = admin.call(HttpMethod.PUT, "/admin/prices/gpt-4o", token,
      new JsonObject().put("inputMicros", 2_000_000).put("outputMicros", 9_000_000));
    assertEquals(200, put.status(), put.body().toString());
    GatewayHarness.Reply negative = admin.call(HttpMethod.PUT, "/admin/prices/new-model", token,
      new JsonObject().put("inputMicros", -1).put("outputMicros", 1));
    assertEquals("inputMicros", negative.json().getJsonObject("error").getString("field"));
    assertEquals(0, (int) PriceSeed.seedMissing(gw.vertx, io.switchboard.store.Databases.postgres(gw.vertx,
      TestStorage.postgresUrl(), 1)).await(), "every shipped model already has a row");
    assertEquals(List.of("2000000"), TestStorage.query("select input_micros from model_prices where model = 'gpt-4o'"));

    GatewayHarness.Reply group = admin.post("/admin/groups", token, new JsonObject().put("name", "vip")
      .put("ratioPpm", 800_000).put("strategy", "round_robin"));
    assertEquals(201, group.status(), group.body().toString());
    assertEquals(400, admin.post("/admin/groups", token, new JsonObject().put("name", "v2").put("strategy", "random"))
      .status());
    long ivy = admin.createUser(token, "ivy", "ivy-password-12", "user");
    assertEquals("vip", admin.call(HttpMethod.PATCH, "/admin/users/" + ivy, token, new JsonObject().put("group", "vip"))
      .json().getString("group"));
    assertEquals(409, admin.call(HttpMethod.DELETE, "/admin/groups/vip", token, null).status(), "ivy is in it");

    GatewayHarness.Reply csv = admin.get("/admin/audit.csv?action=group.create", token);
    assertEquals(200, csv.status());
    assertTrue(csv.headers().get("content-type").startsWith("text/csv"));
    String[] lines = csv.body().toString().split("\r\n");
    assertEquals("id,at,actorId,actorName,action,targetType,targetId,ip,outcome,before,after", lines[0]);
    assertEquals(2, lines.length, csv.body().toString());
    assertTrue(lines[1].contains(",admin,group.create,group,vip,127.0.0.1,ok,,"), lines[1]);
    JsonObject page = admin.get("/admin/audit?actor=admin&limit=2", token).json();
    assertEquals(2, page.getJsonArray("items").size());
    assertFalse(page.getJsonArray("items").getJsonObject(0).getString("action").isEmpty());
    assertEquals("from", admin.get("/admin/audit?from=yesterday", token).json().getJsonObject("error")
      .getString("field"));
  }

  /** The scheduler reloads its accounts asynchronously on the change: ask again, bounded, until the answer moves. */
  private GatewayHarness.Reply untilStatusIsNot(int status, String model) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 5000;
    GatewayHarness.Reply reply = gw.post("/v1/chat/completions", CLIENT_KEY, chat(model, false, null)).await();
    while (reply.status() == status && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
      reply = gw.post("/v1/chat/completions", CLIENT_KEY, chat(model, false, null)).await();
    }
    return reply;
  }

  private static JsonObject find(JsonArray array, String name) {
    return find(array, name, "name");
  }

  private static JsonObject find(JsonArray array, String value, String field) {
    for (Object o : array) {
      if (value.equals(((JsonObject) o).getString(field))) {
        return (JsonObject) o;
      }
    }
    throw new AssertionError(value + " is not in " + array.encode());
  }
}
