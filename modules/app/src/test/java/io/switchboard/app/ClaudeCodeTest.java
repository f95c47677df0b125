package io.switchboard.app;

import static io.switchboard.app.GatewayHarness.CLIENT_KEY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.app.GatewayHarness.Reply;
import io.switchboard.testkit.MockBehavior;
import io.switchboard.testkit.ReceivedRequest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/**
 * Claude Code's requests (50 KB, beta flags, fields the gateway does not model) reach an Anthropic upstream
 * untouched, and an OpenAI upstream converted without failing.
 */
class ClaudeCodeTest extends GatewayTest {
  private static final String BETAS = "claude-code-20250219,interleaved-thinking-2025-05-14,context-management-2025-06-27";

  @Override
  protected JsonObject overrides() {
    JsonArray accounts = new JsonArray()
      .add(new JsonObject().put("name", "anthropic").put("provider", "anthropic").put("baseUrl", "${env:MOCK_ROOT}")
        .put("apiKey", "k-anthropic").put("models", new JsonArray().add("claude-sonnet-4-5")))
      .add(new JsonObject().put("name", "openai").put("provider", "openai").put("baseUrl", "${env:MOCK_ROOT}/v1")
        .put("apiKey", "k-openai").put("models", new JsonArray().add("gpt-4o-mini"))
        .put("aliases", new JsonObject().put("claude-via-openai", "gpt-4o-mini")));
    return new JsonObject().put("bootstrap", new JsonObject().put("accounts", accounts));
  }

  private static JsonObject claudeCodeRequest() throws IOException {
    try (InputStream in = ClaudeCodeTest.class.getResourceAsStream("/claude-code/request.json")) {
      return new JsonObject(Buffer.buffer(in.readAllBytes()));
    }
  }

  private Reply post(JsonObject body) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setURI("/v1/messages?beta=true")
      .putHeader("content-type", "application/json").putHeader("x-api-key", CLIENT_KEY)
      .putHeader("anthropic-version", "2023-06-01").putHeader("anthropic-beta", BETAS)
      .putHeader("x-stainless-lang", "js").putHeader("user-agent", "claude-cli/2.0.0 (external, cli)");
    return gw.exchange(options, body.toBuffer()).await();
  }

  @Test
  void toAnAnthropicUpstreamEverythingPassesUntouched() throws Exception {
    gw.mock.respond(MockBehavior.ok().withChunks(3));
    JsonObject request = claudeCodeRequest();

    Reply reply = post(request);

    assertEquals(200, reply.status(), reply.body().toString());
    assertTrue(reply.body().toString().startsWith("event: message_start"));
    ReceivedRequest upstream = gw.mock.received().get(0);
    assertEquals("/v1/messages", upstream.path());
    assertEquals("beta=true", upstream.query());
    assertEquals(BETAS, upstream.headers().get("anthropic-beta"));
    assertEquals("2023-06-01", upstream.headers().get("anthropic-version"));
    assertEquals("js", upstream.headers().get("x-stainless-lang"));
    assertEquals("k-anthropic", upstream.headers().get("x-api-key"), "the account's key replaced the client's");
    assertEquals(request, upstream.json(), "every field, known or not, arrived as sent");
  }

  @Test
  void toAnOpenAiUpstreamWhatItCannotExpressIsDroppedNotFailed() throws Exception {
    gw.mock.respond(MockBehavior.ok().withChunks(3));
    JsonObject request = claudeCodeRequest().put("model", "claude-via-openai");

    Reply reply = post(request);

    assertEquals(200, reply.status(), reply.body().toString());
    assertTrue(reply.body().toString().startsWith("event: message_start"));
    JsonObject upstream = gw.mock.received().get(0).json();
    assertEquals("gpt-4o-mini", upstream.getString("model"), "the alias named the upstream model");
    assertEquals("system", upstream.getJsonArray("messages").getJsonObject(0).getString("role"));
    assertTrue(upstream.getJsonArray("messages").getJsonObject(0).getString("content").contains("plan mode"),
      "the system-role message inside messages joined the system prompt");
    assertEquals("Bash", upstream.getJsonArray("tools").getJsonObject(0).getJsonObject("function").getString("name"));
    for (String anthropicOnly : new String[] {"context_management", "output_config", "metadata", "thinking", "system"}) {
      assertFalse(upstream.containsKey(anthropicOnly), anthropicOnly + " has no OpenAI form and is dropped");
    }
    assertFalse(gw.mock.received().get(0).headers().contains("anthropic-beta"), "no Anthropic headers to OpenAI");
  }
}
