package io.switchboard.app;

import static io.switchboard.app.GatewayHarness.CLIENT_KEY;
import static io.switchboard.app.GatewayHarness.MODEL;
import static io.switchboard.app.GatewayHarness.chat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.app.GatewayHarness.Reply;
import io.switchboard.testkit.MockBehavior;
import io.switchboard.testkit.MockUpstream;
import io.switchboard.testkit.TestStorage;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The deployments admin API on one process (the node {@code local}): nodes and deployments listed, an adapter
 * deployed, scaled, redeployed and undeployed while requests keep succeeding, every change audited and in the
 * metrics, and each refusal a 4xx in the admin API's shape naming why.
 */
class AdminDeploymentsTest extends AdminTest {
  private static final int DRAIN_SECONDS = 6;

  @Override
  protected JsonObject adminOverrides() {
    return new JsonObject().put("providers", new JsonObject().put("drainSeconds", DRAIN_SECONDS));
  }

  @Test
  void nodesAndDeploymentsAreListed() {
    String token = admin.loginAdmin();
    JsonArray nodes = admin.get("/admin/nodes", token).json().getJsonArray("items");
    assertEquals(1, nodes.size(), nodes.encode());
    JsonObject node = nodes.getJsonObject(0);
    assertEquals("local", node.getString("id"));
    assertEquals(true, node.getBoolean("self"));
    assertEquals(true, node.getBoolean("reachable"));
    assertTrue(node.getJsonArray("roles").contains("ingress") && node.getJsonArray("roles").contains("providers"),
      node.encode());
    assertTrue(node.getJsonArray("kinds").contains("openai"), node.encode());
    assertTrue(node.getLong("uptimeSeconds") >= 0, node.encode());

    JsonObject openai = deployment(admin.get("/admin/deployments", token), "providers", "openai");
    assertTrue(openai.getString("id").startsWith("local:providers.openai:"), openai.encode());
    assertEquals(1, openai.getInteger("instances"));
    assertEquals("built-in", openai.getString("version"));
    assertEquals("running", openai.getString("state"));
    assertEquals(0, openai.getInteger("inFlight"));
    JsonObject auth = deployment(admin.get("/admin/deployments", token), "auth", null);
    assertNull(auth.getValue("inFlight"), "the auth role does not count calls: " + auth.encode());
  }

  @Test
  void anAdapterIsDeployedScaledRedeployedAndUndeployedWhileRequestsSucceed() throws Exception {
    String token = admin.loginAdmin();
    String original = deployment(admin.get("/admin/deployments", token), "providers", "openai").getString("id");
    assertEquals(200, plain());

    Reply made = admin.post("/admin/deployments", token, new JsonObject().put("node", "local").put("role", "providers")
      .put("kind", "openai").put("instances", 2));
    assertEquals(200, made.status(), made.body().toString());
    JsonObject added = made.json().getJsonArray("items").getJsonObject(0);
    String id = added.getString("id");
    assertNotEquals(original, id);
    assertEquals(2, added.getInteger("instances"));
    assertTrue(metrics().contains("sb_deployment_instances{kind=\"openai\",node=\"local\",role=\"providers\"} 3.0"),
      "the instances of every openai deployment on the node");
    assertEquals(200, plain());

    assertEquals(4, scale(token, id, 4).getInteger("instances"));
    assertEquals(200, plain());
    assertEquals(1, scale(token, id, 1).getInteger("instances"));
    assertEquals(200, plain());
    JsonObject before = deployment(admin.get("/admin/deployments", token), id);
    Reply redeployed = admin.post("/admin/deployments/" + id + "/redeploy", token, new JsonObject());
    assertEquals(200, redeployed.status(), redeployed.body().toString());
    JsonObject after = redeployed.json().getJsonArray("items").getJsonObject(0);
    assertEquals(id, after.getString("id"), "a redeployed deployment keeps its id");
    assertEquals(1, after.getInteger("instances"));
    assertTrue(after.getString("since").compareTo(before.getString("since")) >= 0, after.encode());
    assertEquals(200, plain());
    assertTrue(metrics().contains("sb_deployment_in_flight{deployment=\"" + id + "\""), "per-deployment in-flight");

    Reply undeployed = admin.call(HttpMethod.DELETE, "/admin/deployments/" + original, token, null);
    assertEquals(200, undeployed.status(), undeployed.body().toString());
    awaitState(token, original, "stopped");
    assertEquals(200, plain(), "served by the remaining deployment");

    Reply last = admin.call(HttpMethod.DELETE, "/admin/deployments/" + id, token, null);
    assertEquals(409, last.status(), last.body().toString());
    assertTrue(last.json().getJsonObject("error").getString("message").contains("last instance of providers.openai"),
      last.body().toString());
    assertEquals(200, plain(), "the refusal changed nothing");

    assertEquals(List.of("deployment.create|" + id, "deployment.scale|" + id, "deployment.scale|" + id,
      "deployment.redeploy|" + id, "deployment.delete|" + original), TestStorage.query("select concat_ws('|', action, "
      + "target_id) from audit_log where target_type = 'deployment' order by id"));
  }

  @Test
  void refusalsNameTheirReason() throws Exception {
    String token = admin.loginAdmin();
    assertRefused(admin.post("/admin/deployments", token, new JsonObject().put("node", "elsewhere")
      .put("role", "providers").put("kind", "openai")), 400, "node", "unknown node 'elsewhere'");
    assertRefused(admin.post("/admin/deployments", token, new JsonObject().put("node", "local").put("role", "egress")),
      400, "role", "unknown role 'egress'");
    assertRefused(admin.post("/admin/deployments", token, new JsonObject().put("node", "local")
      .put("role", "providers").put("kind", "mistral")), 400, "kind", "unknown provider kind 'mistral'");
    assertRefused(admin.post("/admin/deployments", token, new JsonObject().put("node", "local")
      .put("role", "providers").put("kind", "openai").put("instances", 0)), 400, "instances", "at least 1");
    assertRefused(admin.post("/admin/deployments", token, new JsonObject().put("node", "local")
      .put("role", "providers").put("jar", "/nowhere/adapter.jar")), 400, "jar", "no such file");
    assertRefused(admin.post("/admin/deployments/local:providers.openai:999/scale", token,
      new JsonObject().put("instances", 2)), 404, null, "not found");
    assertRefused(admin.call(HttpMethod.DELETE, "/admin/deployments/nowhere:auth:1", token, null), 404, null,
      "not found");
    String id = deployment(admin.get("/admin/deployments", token), "providers", "openai").getString("id");
    assertRefused(admin.post("/admin/deployments/" + id + "/scale", token, new JsonObject()), 400, "instances",
      "is required");
    String bedrock = deployment(admin.get("/admin/deployments", token), "providers", "bedrock").getString("id");
    assertEquals(200, admin.call(HttpMethod.DELETE, "/admin/deployments/" + bedrock, token, null).status(),
      "an adapter with no traffic may go");
    awaitState(token, bedrock, "stopped");
    Reply ready = gw.get("/readyz", null).await(10, TimeUnit.SECONDS);
    assertEquals(200, ready.status(), "an adapter undeployed on purpose is not missing: " + ready.body());
    assertRefused(admin.post("/admin/deployments/" + bedrock + "/scale", token, new JsonObject().put("instances", 2)),
      409, null, "is ");

    admin.createUser(token, "operator", "operator-password-1", "user");
    String user = admin.login("operator", "operator-password-1");
    assertEquals(403, admin.get("/admin/deployments", user).status());
    assertEquals(403, admin.post("/admin/deployments", user, new JsonObject().put("node", "local")
      .put("role", "providers").put("kind", "openai")).status());
    assertEquals(401, admin.get("/admin/nodes", null).status());
  }

  @Test
  void aStreamOnAnUndeployedDeploymentArrivesWholeWhileItDrains() throws Exception {
    String token = admin.loginAdmin();
    String original = deployment(admin.get("/admin/deployments", token), "providers", "openai").getString("id");
    String second = admin.post("/admin/deployments", token, new JsonObject().put("node", "local")
      .put("role", "providers").put("kind", "openai")).json().getJsonArray("items").getJsonObject(0).getString("id");
    assertEquals(200, admin.call(HttpMethod.DELETE, "/admin/deployments/" + original, token, null).status());
    awaitState(token, original, "stopped");
    // about 3 s, served by the second: time to deploy a third and undeploy the second while it runs, and within the
    // second's drain (DRAIN_SECONDS from its undeploy)
    gw.mock.respond(MockBehavior.ok().withChunks(30).withChunkDelayMs(100));
    Future<Reply> streamed = gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, true, null));
    while (gw.mock.received().isEmpty()) {
      Thread.sleep(20);
    }
    String third = admin.post("/admin/deployments", token, new JsonObject().put("node", "local")
      .put("role", "providers").put("kind", "openai")).json().getJsonArray("items").getJsonObject(0).getString("id");

    Reply undeployed = admin.call(HttpMethod.DELETE, "/admin/deployments/" + second, token, null);
    assertEquals(200, undeployed.status(), undeployed.body().toString());
    JsonObject draining = undeployed.json().getJsonArray("items").getJsonObject(0);
    assertEquals("draining", draining.getString("state"), draining.encode());
    assertEquals(1, draining.getInteger("inFlight"), "the stream it still relays: " + draining.encode());
    assertEquals(200, plain(), "a new call goes to the third deployment: " + third);

    String body = streamed.await(10, TimeUnit.SECONDS).body().toString();
    assertTrue(body.endsWith(MockUpstream.DONE_EVENT), "relayed to its end, not cut: " + body);
    assertTrue(body.contains(MockUpstream.token(29)), body);
    awaitState(token, second, "stopped");
    assertEquals(List.of("200|ok|t", "200|ok|f"), TestStorage.awaitRows("select concat_ws('|', status, outcome, stream)"
      + " from usage_log order by stream desc", 2));
  }

  @Test
  void aStreamThatOutlastsTheDrainOfARedeployEndsInBandAndKeepsItsRow() throws Exception {
    String token = admin.loginAdmin();
    String id = deployment(admin.get("/admin/deployments", token), "providers", "openai").getString("id");
    gw.mock.respond(MockBehavior.ok().withChunks(300).withChunkDelayMs(100)); // 30 s, far past the drain
    Future<Reply> streamed = gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, true, null));
    while (gw.mock.received().isEmpty()) {
      Thread.sleep(20);
    }

    long start = System.nanoTime();
    Reply redeployed = admin.post("/admin/deployments/" + id + "/redeploy", token, new JsonObject());
    assertEquals(200, redeployed.status(), redeployed.body().toString());
    gw.mock.respond(MockBehavior.ok());
    assertEquals(200, plain(), "the new instance serves at once");
    String body = streamed.await(DRAIN_SECONDS + 5, TimeUnit.SECONDS).body().toString();
    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

    assertTrue(tookMs >= DRAIN_SECONDS * 1000 - 200 && tookMs < DRAIN_SECONDS * 1000 + 3000,
      "ended at the drain deadline: " + tookMs + " ms");
    assertTrue(body.contains(MockUpstream.token(0)) && body.contains("data: {\"error\":"),
      "what arrived, then an in-band error in OpenAI's shape: " + body);
    assertTrue(!body.contains("[DONE]"), body);
    // the stream's row: what reached the client is charged, and the row says the provider went away
    assertEquals(List.of("200|t|t|t", "200|f|t|f"), TestStorage.awaitRows("select concat_ws('|', status, stream, "
      + "output_tokens > 0, coalesce(error_class, '') in ('provider_lost', 'stream_error')) from usage_log "
      + "order by stream desc", 2));
  }

  private int plain() {
    return gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, false, null)).await().status();
  }

  private String metrics() {
    return gw.get("/metrics", null).await().body().toString();
  }

  private JsonObject scale(String token, String id, int instances) {
    Reply scaled = admin.post("/admin/deployments/" + id + "/scale", token, new JsonObject().put("instances", instances));
    assertEquals(200, scaled.status(), scaled.body().toString());
    return scaled.json().getJsonArray("items").getJsonObject(0);
  }

  /** Polls the list until the deployment is in that state (a drain ends in the background). */
  private void awaitState(String token, String id, String state) throws InterruptedException {
    for (int i = 0; i < 200; i++) {
      if (state.equals(deployment(admin.get("/admin/deployments", token), id).getString("state"))) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError(id + " never became " + state);
  }

  private static void assertRefused(Reply reply, int status, String field, String says) {
    assertEquals(status, reply.status(), reply.body().toString());
    JsonObject error = reply.json().getJsonObject("error");
    assertEquals(field, error.getString("field"), error.encode());
    assertTrue(error.getString("message").contains(says), error.encode());
  }

  private static JsonObject deployment(Reply list, String role, String kind) {
    for (Object item : list.json().getJsonArray("items")) {
      JsonObject d = (JsonObject) item;
      if (d.getString("role").equals(role) && java.util.Objects.equals(d.getString("kind"), kind)
        && "running".equals(d.getString("state"))) {
        return d;
      }
    }
    throw new AssertionError("no running " + role + " " + kind + " in " + list.body());
  }

  private static JsonObject deployment(Reply list, String id) {
    for (Object item : list.json().getJsonArray("items")) {
      if (((JsonObject) item).getString("id").equals(id)) {
        return (JsonObject) item;
      }
    }
    throw new AssertionError("no deployment " + id + " in " + list.body());
  }
}
