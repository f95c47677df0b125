package io.switchboard.app;

import static io.switchboard.app.GatewayHarness.CLIENT_KEY;
import static io.switchboard.app.GatewayHarness.MODEL;
import static io.switchboard.app.GatewayHarness.UPSTREAM_KEY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.app.GatewayHarness.Reply;
import io.switchboard.testkit.MockBehavior;
import io.switchboard.testkit.TestStorage;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the shipped logging configuration writes for real requests through the gateway: JSON lines in which every
 * line about a request, in whichever role, names its request id (the client's x-request-id when fit), key id, account
 * id and model; one access line per request with its facts; the text format on {@code logging.format: text}; no
 * access line with {@code logging.accessLog: false}; and no client key or upstream credential in any line.
 */
@ExtendWith({VertxExtension.class, TestStorage.class})
class RequestLogsTest {

  @Test
  void jsonLinesNameTheRequestInEveryRoleAndTheAccessLineGivesItsFacts(Vertx vertx) throws Exception {
    logged(vertx, new JsonObject(), (gw, logs) -> {
      // the first attempt fails: the provider role logs it, the second attempt answers
      gw.mock.respondNext(MockBehavior.ok().withStatus(500));
      Reply named = send(gw, CLIENT_KEY, "client-req-42", false);
      assertEquals(200, named.status(), named.body().toString());
      assertEquals("client-req-42", named.headers().get("x-request-id"));
      Reply streamed = send(gw, CLIENT_KEY, null, true);
      assertEquals(200, streamed.status());
      String streamId = streamed.headers().get("x-request-id");
      assertTrue(streamId.startsWith("req_"), streamId);
      Reply unfit = send(gw, CLIENT_KEY, "spaces are not kept " + "x".repeat(200), false);
      assertTrue(unfit.headers().get("x-request-id").startsWith("req_"), "an unfit id is replaced");
      Reply refused = send(gw, "sb-not-a-key", "refused-1", false);
      assertEquals(401, refused.status());
      assertEquals("refused-1", refused.headers().get("x-request-id"), "errors carry the id too");
      Reply models = gw.get("/v1/models", CLIENT_KEY).await();
      String modelsId = models.headers().get("x-request-id");

      List<JsonObject> access = json(logs.await(line -> line.contains("\"switchboard.access\""), 5));
      JsonObject namedLine = only(access, "client-req-42");
      String keyId = TestStorage.awaitRows("select key_id from usage_log where request_id = '"
        + namedLine.getString("usageId") + "'", 1).get(0);
      String accountId = TestStorage.query("select id from accounts where name = 'mock'").get(0);
      assertEquals(keyId, namedLine.getString("keyId"));
      assertEquals(accountId, namedLine.getString("accountId"));
      assertEquals(MODEL, namedLine.getString("model"));
      assertEquals(200, namedLine.getInteger("status"));
      assertEquals("ok", namedLine.getString("outcome"));
      assertEquals("openai", namedLine.getString("dialect"));
      assertEquals(false, namedLine.getBoolean("stream"));
      assertEquals("/v1/chat/completions", namedLine.getString("path"));
      assertTrue(namedLine.getLong("latencyMs") >= 0 && namedLine.getLong("inputTokens") > 0
        && namedLine.getLong("outputTokens") > 0, namedLine.encode());
      assertEquals("INFO", namedLine.getString("level"));

      JsonObject streamLine = only(access, streamId);
      assertEquals(true, streamLine.getBoolean("stream"));
      assertTrue(streamLine.getLong("ttfbMs") >= 0 && streamLine.getLong("outputTokens") > 0, streamLine.encode());
      assertEquals(keyId, streamLine.getString("keyId"));
      assertEquals(accountId, streamLine.getString("accountId"));
      assertNull(streamLine.getString("usageId"), "a gateway-named request's id is its usage row's");
      assertEquals(1, TestStorage.awaitRows("select 1 from usage_log where request_id = '" + streamId + "'", 1).size());

      JsonObject refusedLine = only(access, "refused-1");
      assertEquals(401, refusedLine.getInteger("status"));
      assertNull(refusedLine.getString("keyId"), "no key was known");
      JsonObject modelsLine = only(access, modelsId);
      assertEquals("/v1/models", modelsLine.getString("path"));
      assertEquals("GET", modelsLine.getString("method"));

      // the provider role, reached over the bus, names the request as the ingress does
      JsonObject failed = json(logs.await(line -> line.contains("UpstreamAttempt") && line.contains("client-req-42"),
        1)).get(0);
      assertEquals(keyId, failed.getString("keyId"), failed.encode());
      assertEquals(accountId, failed.getString("accountId"));
      assertEquals(MODEL, failed.getString("model"));

      for (String line : logs.lines()) {
        new JsonObject(line); // every line is one JSON object
        assertFalse(line.contains(CLIENT_KEY), "a client key in the log: " + line);
        assertFalse(line.contains(UPSTREAM_KEY), "an upstream credential in the log: " + line);
      }
    });
  }

  @Test
  void theTextFormatNamesTheRequestInBracketsAndTheAccessFactsAsPairs(Vertx vertx) throws Exception {
    logged(vertx, new JsonObject().put("logging", new JsonObject().put("format", "text")), (gw, logs) -> {
      assertEquals(200, send(gw, CLIENT_KEY, "text-req-7", false).status());
      String line = logs.await(text -> text.contains("switchboard.access"), 1).get(0);
      assertTrue(line.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  switchboard.access \\[req=text-req-7 key=\\d+ "
        + "account=\\d+ model=" + MODEL + "] - POST /v1/chat/completions 200 \\d+ms method=\"POST\" .*status=\"200\".*"
        + "outcome=\"ok\".*\\n"), line);
      assertTrue(logs.lines().stream().noneMatch(text -> text.startsWith("{")), "no JSON line: " + logs.lines());
    });
  }

  @Test
  void withTheAccessLogOffOnlyTheRolesOwnLinesAreWritten(Vertx vertx) throws Exception {
    logged(vertx, new JsonObject().put("logging", new JsonObject().put("accessLog", false)), (gw, logs) -> {
      gw.mock.respondNext(MockBehavior.ok().withStatus(500));
      assertEquals(200, send(gw, CLIENT_KEY, "quiet-1", false).status());
      logs.await(line -> line.contains("UpstreamAttempt") && line.contains("\"requestId\":\"quiet-1\""), 1);
      // the access line would have been written before the answer left
      assertTrue(logs.lines().stream().noneMatch(line -> line.contains("switchboard.access")), logs.lines().toString());
    });
  }

  /** What a test does with a gateway (configured by {@code overrides}) while the shipped logging captures its lines. */
  private interface Scenario {
    void run(GatewayHarness gw, ProductionLogs logs) throws Exception;
  }

  private static void logged(Vertx vertx, JsonObject overrides, Scenario scenario) throws Exception {
    GatewayHarness gw = GatewayHarness.start(vertx, overrides).await();
    ProductionLogs logs = ProductionLogs.attach();
    try {
      scenario.run(gw, logs);
    } finally {
      logs.detach();
      gw.stop().await();
    }
  }

  private static Reply send(GatewayHarness gw, String key, String requestId, boolean stream) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setURI("/v1/chat/completions")
      .putHeader("content-type", "application/json").putHeader("authorization", "Bearer " + key);
    if (requestId != null) {
      options.putHeader("x-request-id", requestId);
    }
    return gw.exchange(options, Buffer.buffer(GatewayHarness.chat(MODEL, stream, null))).await();
  }

  private static List<JsonObject> json(List<String> lines) {
    return lines.stream().map(JsonObject::new).toList();
  }

  private static JsonObject only(List<JsonObject> lines, String requestId) {
    Predicate<JsonObject> of = line -> requestId.equals(line.getString("requestId"));
    List<JsonObject> found = lines.stream().filter(of).toList();
    assertEquals(1, found.size(), "one access line for " + requestId + ": " + lines);
    return found.get(0);
  }
}
