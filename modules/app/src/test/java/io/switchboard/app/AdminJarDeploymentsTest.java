package io.switchboard.app;

import static io.switchboard.app.AdapterJars.OLLAMA_MODEL;
import static io.switchboard.app.GatewayHarness.CLIENT_KEY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.app.GatewayHarness.Reply;
import io.switchboard.testkit.MockBehavior;
import io.switchboard.testkit.ReceivedRequest;
import io.switchboard.testkit.TempDirs;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Adapters from jars through the deployments admin API: deployed by file name, redeployed from version 1 to
 * version 2 (the next call goes out as version 2), and refused with the jar's own reason (a jar whose verticle does
 * not start, a jar for another provider) with nothing running changed.
 */
class AdminJarDeploymentsTest extends AdminTest {

  @Override
  protected JsonObject adminOverrides() {
    return new JsonObject().put("adapters", new JsonObject().put("dir", AdapterJars.OLLAMA_V1.getParent().toString()));
  }

  @Test
  void anAdapterJarIsDeployedAndRedeployedToItsNextVersion() {
    String token = admin.loginAdmin();
    Reply made = admin.post("/admin/deployments", token, new JsonObject().put("node", "local").put("role", "providers")
      .put("jar", "ollama-adapter"));
    assertEquals(200, made.status(), made.body().toString());
    JsonObject v1 = made.json().getJsonArray("items").getJsonObject(0);
    assertEquals(List.of("ollama", "1.0.0", 1), List.of(v1.getString("kind"), v1.getString("version"),
      v1.getInteger("instances")));
    assertTrue(v1.getString("id").startsWith("local:providers.ollama:"), v1.encode());
    assertEquals(201, admin.post("/admin/accounts", token, new JsonObject().put("name", "local-ollama")
      .put("provider", "ollama").put("baseUrl", gw.mock.rootUrl())
      .put("models", new JsonArray().add(OLLAMA_MODEL))).status());
    gw.mock.respond(MockBehavior.ok().withChunks(3));
    assertEquals(200, call());

    Reply redeployed = admin.post("/admin/deployments/" + v1.getString("id") + "/redeploy", token,
      new JsonObject().put("jar", AdapterJars.OLLAMA_V2.toString()));
    assertEquals(200, redeployed.status(), redeployed.body().toString());
    JsonObject v2 = redeployed.json().getJsonArray("items").getJsonObject(0);
    assertEquals(List.of(v1.getString("id"), "2.0.0"), List.of(v2.getString("id"), v2.getString("version")));
    assertEquals(200, call());
    assertEquals(List.of("switchboard-ollama/1.0.0", "switchboard-ollama/2.0.0"),
      gw.mock.received().stream().map(ReceivedRequest::headers).map(h -> h.get("user-agent")).toList());

    Reply unknown = admin.post("/admin/deployments/" + v1.getString("id").replace("ollama", "x") + "/redeploy",
      token, new JsonObject());
    assertEquals(404, unknown.status(), unknown.body().toString());
    String openai = admin.get("/admin/deployments", token).json().getJsonArray("items").stream()
      .map(JsonObject.class::cast).filter(d -> "openai".equals(d.getString("kind"))).findFirst().orElseThrow()
      .getString("id");
    Reply notItsJar = admin.post("/admin/deployments/" + openai + "/redeploy", token,
      new JsonObject().put("jar", "ollama-adapter"));
    assertEquals(400, notItsJar.status(), notItsJar.body().toString());
    assertTrue(notItsJar.json().getJsonObject("error").getString("message").contains("serves provider 'ollama', not "
      + "'openai'"), notItsJar.body().toString());
    assertEquals(200, call(), "nothing running changed");
  }

  @Test
  void aJarWhoseVerticleDoesNotStartIsRefusedAndNothingChanges() throws Exception {
    String token = admin.loginAdmin();
    Path broken = AdapterJars.failingToStart(TempDirs.create("sb-broken-adapter"));
    int before = admin.get("/admin/deployments", token).json().getJsonArray("items").size();
    Reply refused = admin.post("/admin/deployments", token, new JsonObject().put("node", "local")
      .put("role", "providers").put("jar", broken.toString()));
    assertEquals(422, refused.status(), refused.body().toString());
    assertTrue(refused.json().getJsonObject("error").getString("message").contains("its model store is unreachable"),
      refused.body().toString());
    assertEquals(before, admin.get("/admin/deployments", token).json().getJsonArray("items").size());
    Reply noJar = admin.post("/admin/deployments", token, new JsonObject().put("node", "local")
      .put("role", "auth").put("jar", broken.toString()));
    assertEquals(400, noJar.status(), noJar.body().toString());
    assertEquals("jar", noJar.json().getJsonObject("error").getString("field"));
    assertEquals(200, admin.call(HttpMethod.GET, "/admin/nodes", token, null).status());
  }

  private int call() {
    return gw.post("/v1/chat/completions", CLIENT_KEY, GatewayHarness.chat(OLLAMA_MODEL, true, null)).await().status();
  }
}
