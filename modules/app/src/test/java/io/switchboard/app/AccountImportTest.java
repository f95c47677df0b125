package io.switchboard.app;

import static io.switchboard.app.GatewayHarness.CLIENT_KEY;
import static io.switchboard.app.GatewayHarness.chat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.api.ApiKeys;
import io.switchboard.testkit.TestStorage;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Upstream keys in bulk through the admin API: 100 keys with duplicates in, every account out, both audited. */
class AccountImportTest extends AdminTest {
  private static final String MODEL = "pool-model";

  private static String key(int i) {
    return "sk-pool-" + String.format("%04d", i) + "-0123456789abcdef";
  }

  private JsonObject shared() {
    return new JsonObject().put("provider", "openai").put("baseUrl", gw.mock.baseUrl())
      .put("models", new JsonArray().add(MODEL)).put("weight", 3).put("groups", new JsonArray().add("default"));
  }

  @Test
  void aHundredKeysWithDuplicatesBecomeOneAccountEachAndTheDuplicatesAreSkipped() throws Exception {
    String token = admin.loginAdmin();
    assertEquals(201, admin.post("/admin/accounts", token, shared().put("name", "held").put("apiKey", key(0))).status());
    StringBuilder text = new StringBuilder("# the pool's keys\n");
    for (int i = 0; i < 90; i++) {
      text.append(key(i)).append(i % 10 == 0 ? "\n\n" : "\n"); // blank lines are no keys
    }
    for (int i = 1; i <= 10; i++) {
      text.append(key(i)).append('\n'); // ten keys twice
    }

    GatewayHarness.Reply imported = admin.post("/admin/accounts/import", token,
      shared().put("keys", text.toString()).put("namePrefix", "pool"));

    assertEquals(200, imported.status(), imported.body().toString());
    JsonObject report = imported.json();
    assertEquals(new JsonObject().put("created", 89).put("skipped", 11).put("failed", 0), report.getJsonObject("counts"));
    JsonObject first = report.getJsonArray("created").getJsonObject(0);
    assertEquals(2, first.getInteger("line"));
    assertEquals("pool-1", first.getString("name"), "named on from the highest pool-n (none yet)");
    assertEquals("…cdef", first.getString("credential"));
    JsonObject held = report.getJsonArray("skipped").getJsonObject(0);
    assertEquals(new JsonObject().put("line", 1).put("fingerprint", ApiKeys.sha256Hex(key(0)).substring(0, 12))
      .put("reason", "duplicate").put("account", "held"), held, "a key an account already holds");
    assertEquals(91, report.getJsonArray("skipped").getJsonObject(1).getInteger("line"), "repeated in the import");
    assertEquals(List.of("89|3|{default}|{pool-model}"), TestStorage.query("select concat_ws('|', count(*),"
      + " min(weight), min(groups::text), min(models::text)) from accounts where name like 'pool-%'"));
    assertEquals(List.of("account.import|89|11"), TestStorage.query("select concat_ws('|', action, after->>'created',"
      + " after->>'skipped') from audit_log where action = 'account.import'"));
    assertFalse(TestStorage.query("select after::text from audit_log where action = 'account.import'").get(0)
      .contains("sk-pool-"), "no key in the audit row");

    ModelsPolling.awaitModel(gw, MODEL);
    assertEquals(200, gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, false, null)).await().status());
    assertTrue(gw.mock.received().get(0).headers().get("authorization").startsWith("Bearer sk-pool-"));

    GatewayHarness.Reply again = admin.post("/admin/accounts/import", token,
      shared().put("keys", new JsonArray().add(key(5)).add(key(95))).put("namePrefix", "pool"));
    assertEquals(new JsonObject().put("created", 1).put("skipped", 1).put("failed", 0),
      again.json().getJsonObject("counts"), "as a list too; an imported key is held from now on");
    assertEquals("pool-90", again.json().getJsonArray("created").getJsonObject(0).getString("name"));
  }

  @Test
  void theExportListsEveryAccountWithItsKeyMaskedAndIsAudited() throws Exception {
    String token = admin.loginAdmin();
    admin.post("/admin/accounts/import", token, shared().put("keys", key(7) + "\n" + key(8)));

    GatewayHarness.Reply exported = admin.get("/admin/accounts/export", token);

    assertEquals(200, exported.status());
    JsonArray accounts = new JsonArray(exported.body());
    assertEquals(3, accounts.size(), "the bootstrap account and the two imported");
    Set<String> prints = new HashSet<>();
    accounts.forEach(a -> prints.add(((JsonObject) a).getString("fingerprint")));
    assertTrue(prints.contains(ApiKeys.sha256Hex(key(7)).substring(0, 12)), prints.toString());
    assertFalse(exported.body().toString().contains("sk-pool-"), "keys only masked");
    JsonObject one = accounts.getJsonObject(1);
    assertEquals(List.of(MODEL), one.getJsonArray("models").getList());
    assertEquals(3, one.getInteger("weight"));

    GatewayHarness.Reply csv = admin.get("/admin/accounts/export?format=csv&provider=openai", token);
    List<String> lines = new ArrayList<>(csv.body().toString().lines().toList());
    assertEquals("id,name,provider,baseUrl,credential,fingerprint,models,groups,priority,weight,status,quota,proxy,"
      + "headers", lines.get(0));
    assertEquals(4, lines.size());
    assertEquals(List.of("json|3", "csv|3"), TestStorage.query("select concat_ws('|', after->>'format',"
      + " after->>'accounts') from audit_log where action = 'account.export' order by id"));
  }

  @Test
  void aBadSharedSettingNamesItsFieldAndWritesNothing() throws Exception {
    String token = admin.loginAdmin();
    GatewayHarness.Reply refused = admin.post("/admin/accounts/import", token,
      shared().put("baseUrl", "ftp://nowhere").put("keys", key(1)));
    assertEquals(400, refused.status());
    assertEquals("baseUrl", refused.json().getJsonObject("error").getString("field"));
    GatewayHarness.Reply empty = admin.post("/admin/accounts/import", token, shared().put("keys", "\n# none\n"));
    assertEquals("keys", empty.json().getJsonObject("error").getString("field"));
    assertEquals(List.of("1"), TestStorage.query("select count(*) from accounts"));
  }
}
