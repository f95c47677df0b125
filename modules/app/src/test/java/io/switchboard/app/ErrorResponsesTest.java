package io.switchboard.app;

import static io.switchboard.app.GatewayHarness.CLIENT_KEY;
import static io.switchboard.app.GatewayHarness.LIMITED_KEY;
import static io.switchboard.app.GatewayHarness.MODEL;
import static io.switchboard.app.GatewayHarness.UPSTREAM_KEY;
import static io.switchboard.testkit.TestStorage.awaitRows;
import static io.switchboard.app.GatewayHarness.chat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.app.GatewayHarness.Reply;
import io.switchboard.testkit.MockBehavior;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every failure reaches the client in OpenAI's error shape, with the status OpenAI would use. */
class ErrorResponsesTest extends GatewayTest {
  private static final int MAX_BODY = 4096;
  private CapturedLogs logs;

  @Override
  protected JsonObject overrides() {
    return new JsonObject().put("http", new JsonObject().put("maxBodyBytes", MAX_BODY));
  }

  @BeforeEach
  void captureLogs() {
    logs = CapturedLogs.attach();
  }

  @AfterEach
  void noSecretWasLogged() {
    logs.detach();
    for (String line : logs.lines()) {
      assertFalse(line.contains(CLIENT_KEY) || line.contains(LIMITED_KEY) || line.contains(UPSTREAM_KEY),
        "a secret was logged: " + line);
    }
  }

  /** Asserts the OpenAI error shape and returns the error object. */
  private static JsonObject openAiError(Reply reply, int status) {
    assertEquals(status, reply.status(), reply.body().toString());
    assertTrue(reply.headers().get("content-type").startsWith("application/json"));
    JsonObject error = reply.json().getJsonObject("error");
    assertTrue(error.getValue("message") instanceof String s && !s.isBlank(), "message");
    assertTrue(error.getValue("type") instanceof String, "type");
    assertTrue(error.containsKey("code"), "code");
    assertFalse(reply.body().toString().contains(UPSTREAM_KEY), "the upstream credential leaked");
    assertFalse(reply.body().toString().contains(CLIENT_KEY), "the client key leaked");
    return error;
  }

  @Test
  void malformedJsonIs400() {
    JsonObject error = openAiError(gw.post("/v1/chat/completions", CLIENT_KEY, "{\"model\": ").await(), 400);
    assertEquals("invalid_request_error", error.getString("type"));
    assertTrue(error.getString("message").contains("JSON"));
  }

  @Test
  void missingFieldsAre400NamingTheField() {
    assertTrue(openAiError(gw.post("/v1/chat/completions", CLIENT_KEY, "{\"messages\":[{\"role\":\"user\"}]}")
      .await(), 400).getString("message").contains("model"));
    assertTrue(openAiError(gw.post("/v1/chat/completions", CLIENT_KEY, "{\"model\":\"gpt-4o-mini\"}")
      .await(), 400).getString("message").contains("messages"));
  }

  @Test
  void missingOrUnknownKeyIs401() {
    assertEquals("invalid_api_key", openAiError(gw.post("/v1/chat/completions", null, chat(MODEL, false, null))
      .await(), 401).getString("code"));
    assertEquals("invalid_api_key", openAiError(gw.post("/v1/chat/completions", "sb-not-a-key-000000000",
      chat(MODEL, false, null)).await(), 401).getString("code"));
    assertEquals(401, gw.get("/v1/models", "sb-not-a-key-000000000").await().status());
    assertTrue(gw.mock.received().isEmpty(), "nothing reached the upstream");
  }

  @Test
  void modelNotAllowedForTheKeyIs403() throws Exception {
    JsonObject error = openAiError(gw.post("/v1/chat/completions", LIMITED_KEY, chat("gpt-4o", false, null))
      .await(), 403);
    assertTrue(error.getString("message").contains("gpt-4o"));
    assertTrue(gw.mock.received().isEmpty());
    assertEquals(List.of("403|FORBIDDEN"), awaitRows("select concat_ws('|', status, outcome) from usage_log", 1));
  }

  @Test
  void modelNoAccountServesIs404() {
    JsonObject error = openAiError(gw.post("/v1/chat/completions", CLIENT_KEY, chat("no-such-model", false, null))
      .await(), 404);
    assertEquals("model_not_found", error.getString("code"));
  }

  @Test
  void bodyOverTheLimitIs413() {
    String big = chat(MODEL, false, "\"padding\":\"" + "x".repeat(MAX_BODY) + "\"");
    JsonObject error = openAiError(gw.post("/v1/chat/completions", CLIENT_KEY, big).await(), 413);
    assertEquals("request_too_large", error.getString("code"));
    assertTrue(gw.mock.received().isEmpty());
  }

  @Test
  void openAiShapedUpstreamErrorPassesThroughWithItsStatus() {
    String body = "{\"error\":{\"message\":\"The server had an error while processing your request.\","
      + "\"type\":\"server_error\",\"param\":null,\"code\":null}}";
    gw.mock.respond(MockBehavior.ok().withStatus(500, body));
    Reply reply = gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, false, null)).await();
    openAiError(reply, 500);
    assertEquals(new JsonObject(body), reply.json());
  }

  @Test
  void upstreamMessageNamingTheCredentialIsScrubbed() {
    String body = "{\"error\":{\"message\":\"Quota exceeded for key " + UPSTREAM_KEY + " (sk-proj-abc123***wxyz)\","
      + "\"type\":\"insufficient_quota\",\"param\":null,\"code\":\"insufficient_quota\"}}";
    gw.mock.respond(MockBehavior.ok().withStatus(429, body));
    JsonObject error = openAiError(gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, false, null)).await(), 429);
    assertFalse(error.getString("message").contains("sk-proj"));
    assertEquals("insufficient_quota", error.getString("code"));
  }

  @Test
  void anUpstreamRateLimitKeepsItsRetryAfter() throws Exception {
    String body = "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\",\"param\":null,"
      + "\"code\":\"rate_limit_exceeded\"}}";
    gw.mock.respond(MockBehavior.ok().withStatus(429, body).withRetryAfter("7"));
    Reply reply = gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, false, null)).await();
    openAiError(reply, 429);
    assertEquals("rate_limit_exceeded", reply.json().getJsonObject("error").getString("code"));
    assertEquals("7", reply.headers().get("retry-after"));
  }

  @Test
  void upstreamFailureWithoutAnOpenAiBodyIs502WithACleanMessage() {
    gw.mock.respond(MockBehavior.ok().withStatus(503, "<html>Service Unavailable</html>"));
    JsonObject error = openAiError(gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, true, null)).await(), 502);
    assertEquals("server_error", error.getString("type"));
    assertFalse(error.getString("message").contains("<html>"));
  }

  @Test
  void upstreamRefusingTheAccountKeyIs502AndHidesTheUpstreamWords() {
    gw.mock.respond(MockBehavior.ok().withStatus(401, "{\"error\":{\"message\":\"Incorrect API key provided: "
      + UPSTREAM_KEY + "\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"invalid_api_key\"}}"));
    JsonObject error = openAiError(gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, false, null)).await(), 502);
    assertFalse(error.getString("message").contains("Incorrect API key"));
    assertNull(error.getValue("code"));
  }

  @Test
  void unreachableUpstreamIs502() throws Exception {
    gw.mock.close().await();
    JsonObject error = openAiError(gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, false, null)).await(), 502);
    assertTrue(error.getString("message").contains("upstream"));
    assertEquals(List.of("502|UPSTREAM_ERROR|1"), awaitRows(
      "select concat_ws('|', status, outcome, account_id) from usage_log", 1));
  }

  @Test
  void unknownRouteIs404InOpenAiShape() {
    openAiError(gw.get("/v1/nothing-here", CLIENT_KEY).await(), 404);
  }

  /** Codex's built-in OpenAI provider asks for the Responses API over a WebSocket first: 426 sends it to HTTP. */
  @Test
  void aResponsesWebSocketIs426AndAPlainGetThere404() {
    Reply upgrade = gw.exchange(new RequestOptions().setMethod(HttpMethod.GET).setURI("/v1/responses")
      .putHeader("authorization", "Bearer " + CLIENT_KEY).putHeader("connection", "Upgrade")
      .putHeader("upgrade", "websocket").putHeader("sec-websocket-version", "13")
      .putHeader("sec-websocket-key", "dGhlIHNhbXBsZSBub25jZQ=="), null).await();
    assertTrue(openAiError(upgrade, 426).getString("message").contains("POST /v1/responses"));
    openAiError(gw.get("/v1/responses", CLIENT_KEY).await(), 404);
  }
}
