package io.switchboard.app;

import static io.switchboard.app.GatewayHarness.CLIENT_KEY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.app.GatewayHarness.Reply;
import io.switchboard.dialects.anthropic.AnthropicTokenCounts;
import io.switchboard.dialects.reasoning.ReasoningFamily;
import io.switchboard.dialects.reasoning.ReasoningSeal;
import io.switchboard.testkit.MockAnthropic;
import io.switchboard.testkit.MockBehavior;
import io.switchboard.testkit.ReceivedRequest;
import io.switchboard.testkit.TestStorage;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Claude Code against accounts that differ: beta flags as each takes them, thinking that follows a conversation to
 * another family only where it can be verified, a cached conversation kept on its account and its cache reads
 * priced as such, and token counts by accounts that can count (estimated, and said so, elsewhere).
 */
class ClaudeCodeAccountsTest extends GatewayTest {
  private static final String BETAS = "claude-code-20250219,interleaved-thinking-2025-05-14,context-management-2025-06-27";
  private static final String CACHED_MODEL = "claude-sonnet-4-5"; // priced by conf/prices.yaml, cache reads included

  @Override
  protected JsonObject overrides() {
    JsonObject bedrockKey = new JsonObject().put("apiKey", "AKIDEXAMPLE:wJalrXUtnFEMIK7MDENGbPxRfiCY");
    JsonArray accounts = new JsonArray()
      .add(account("anthropic", "anthropic", "claude-a", new JsonObject()))
      .add(account("no-count", "anthropic", "claude-n", new JsonObject().put("countTokens", false)))
      .add(account("bedrock", "bedrock", "claude-b", new JsonObject().put("region", "us-east-1")
        .put("dropBetas", new JsonArray().add("interleaved-thinking-2025-05-14").add("context-management-2025-06-27")))
        .mergeIn(bedrockKey))
      .add(account("bedrock-strict", "bedrock", "claude-s", new JsonObject().put("region", "us-east-1"))
        .mergeIn(bedrockKey))
      .add(account("gemini", "gemini", "claude-g", new JsonObject()))
      .add(account("cache-1", "anthropic", CACHED_MODEL, new JsonObject()))
      .add(account("cache-2", "anthropic", CACHED_MODEL, new JsonObject()));
    return new JsonObject().put("bootstrap", new JsonObject().put("accounts", accounts));
  }

  private static JsonObject account(String name, String provider, String model, JsonObject options) {
    return new JsonObject().put("name", name).put("provider", provider).put("baseUrl", "${env:MOCK_ROOT}")
      .put("apiKey", "k-" + name).put("models", new JsonArray().add(model)).put("options", options);
  }

  private Reply post(String path, JsonObject body, String session) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setURI(path)
      .putHeader("content-type", "application/json").putHeader("x-api-key", CLIENT_KEY)
      .putHeader("anthropic-version", "2023-06-01").putHeader("anthropic-beta", BETAS);
    if (session != null) {
      options.putHeader("x-claude-code-session-id", session);
    }
    return gw.exchange(options, body.toBuffer()).await();
  }

  private static JsonObject ask(String model, JsonArray messages) {
    return new JsonObject().put("model", model).put("max_tokens", 256).put("messages", messages);
  }

  private static JsonArray user(String text) {
    return new JsonArray().add(new JsonObject().put("role", "user").put("content", text));
  }

  private ReceivedRequest lastUpstream() {
    List<ReceivedRequest> received = gw.mock.received();
    return received.get(received.size() - 1);
  }

  @Test
  void betaFlagsReachAnthropicUnchangedAndBedrockLessTheDroppedOnes() {
    assertEquals(200, post("/v1/messages", ask("claude-a", user("hi")), null).status());
    assertEquals(BETAS, lastUpstream().headers().get("anthropic-beta"));

    assertEquals(200, post("/v1/messages", ask("claude-b", user("hi")), null).status());
    assertEquals(new JsonArray().add("claude-code-20250219"), lastUpstream().json().getJsonArray("anthropic_beta"));

    // an upstream that refuses a beta says which, and the client reads it: never a silent 400
    gw.mock.respondNext(MockBehavior.ok().withStatus(400,
      "{\"message\":\"invalid beta flag: context-management-2025-06-27\"}"));
    Reply refused = post("/v1/messages", ask("claude-s", user("hi")), null);
    assertEquals(400, refused.status());
    assertEquals(new JsonArray().add("claude-code-20250219").add("interleaved-thinking-2025-05-14")
      .add("context-management-2025-06-27"), lastUpstream().json().getJsonArray("anthropic_beta"));
    assertEquals("error", refused.json().getString("type"));
    assertTrue(refused.json().getJsonObject("error").getString("message")
      .contains("invalid beta flag: context-management-2025-06-27"), refused.body().toString());
  }

  @Test
  void thinkingFollowsTheConversationOnlyWhereItsSignatureCanBeVerified() {
    String geminiSigned = ReasoningSeal.seal(ReasoningFamily.GEMINI, "gemini-thought-signature");
    JsonArray history = new JsonArray()
      .add(new JsonObject().put("role", "user").put("content", "first"))
      .add(new JsonObject().put("role", "assistant").put("content", new JsonArray()
        .add(thinking("Anthropic reasoned.", MockAnthropic.SIGNATURE))
        .add(new JsonObject().put("type", "text").put("text", "one"))))
      .add(new JsonObject().put("role", "user").put("content", "second"))
      .add(new JsonObject().put("role", "assistant").put("content", new JsonArray()
        .add(thinking("Gemini reasoned.", geminiSigned))
        .add(new JsonObject().put("type", "text").put("text", "two"))))
      .add(new JsonObject().put("role", "user").put("content", "third"));

    // back on Anthropic's family: its own thinking untouched, Gemini's removed
    assertEquals(200, post("/v1/messages", ask("claude-a", history), null).status());
    assertEquals(List.of("thinking:" + MockAnthropic.SIGNATURE, "text"), blocks(lastUpstream().json(), 1));
    assertEquals(List.of("text"), blocks(lastUpstream().json(), 3));
    assertEquals(200, post("/v1/messages", ask("claude-b", history), null).status());
    assertEquals(List.of("thinking:" + MockAnthropic.SIGNATURE, "text"), blocks(lastUpstream().json(), 1),
      "Bedrock verifies Anthropic's signatures");

    // on Gemini, which needs no thoughts back, neither family's reaches it
    assertEquals(200, post("/v1/messages", ask("claude-g", history), null).status());
    JsonArray contents = lastUpstream().json().getJsonArray("contents");
    assertEquals(List.of("text"), parts(contents.getJsonObject(1)));
    assertEquals(List.of("text"), parts(contents.getJsonObject(3)));
    assertFalse(lastUpstream().body().toString().contains(MockAnthropic.SIGNATURE));
  }

  private static JsonObject thinking(String text, String signature) {
    return new JsonObject().put("type", "thinking").put("thinking", text).put("signature", signature);
  }

  /** The blocks of one Anthropic message: type, and a thinking block's signature. */
  private static List<String> blocks(JsonObject request, int message) {
    return request.getJsonArray("messages").getJsonObject(message).getJsonArray("content").stream()
      .map(b -> (JsonObject) b)
      .map(b -> b.getString("type").equals("thinking") ? "thinking:" + b.getString("signature") : b.getString("type"))
      .toList();
  }

  /** The parts of one Gemini content: text, or a thought with its signature. */
  private static List<String> parts(JsonObject content) {
    return content.getJsonArray("parts").stream().map(p -> (JsonObject) p)
      .map(p -> Boolean.TRUE.equals(p.getBoolean("thought")) ? "thought:" + p.getString("thoughtSignature") : "text")
      .toList();
  }

  @Test
  void aCachedConversationStaysOnItsAccountAndItsSecondTurnReadsTheCache() throws Exception {
    JsonObject request = ask(CACHED_MODEL, user("Summarise the repository."))
      .put("system", new JsonArray().add(new JsonObject().put("type", "text").put("text", "You are Claude Code.")
        .put("cache_control", new JsonObject().put("type", "ephemeral"))));
    gw.mock.respondNext(MockBehavior.ok().withUsage(2000, 3, 0), MockBehavior.ok().withUsage(200, 3, 1800));

    Reply first = post("/v1/messages", request, "session-7");
    Reply second = post("/v1/messages", request, "session-7");

    assertEquals(200, second.status(), second.body().toString());
    assertEquals(new JsonObject().put("type", "ephemeral"), lastUpstream().json().getJsonArray("system")
      .getJsonObject(0).getJsonObject("cache_control"), "cache_control reached the upstream");
    assertEquals(0, first.json().getJsonObject("usage").getInteger("cache_read_input_tokens"));
    assertEquals(1800, second.json().getJsonObject("usage").getInteger("cache_read_input_tokens"),
      "the second turn reads the cache, as the client sees it");
    List<String> rows = TestStorage.awaitRows("select concat_ws('|', a.name, u.input_tokens, u.cached_tokens, "
      + "u.base_cost_micros) from usage_log u join accounts a on a.id = u.account_id order by u.created_at", 2);
    String account = rows.get(0).split("\\|")[0];
    // input 200 at 3.00, cache reads 1800 at 0.30, output 3 at 15.00 per million tokens
    long cost = (200 * 3_000_000L + 1800 * 300_000L + 3 * 15_000_000L + 500_000) / 1_000_000;
    assertEquals(List.of(account + "|2000|0|6045", account + "|2000|1800|" + cost), rows,
      "both turns on one account; cache reads priced as such");
  }

  @Test
  void tokensAreCountedByAccountsThatCanAndEstimatedElsewhere() {
    gw.mock.respond(MockBehavior.ok().withUsage(42, 1, 0));
    JsonObject count = new JsonObject().put("model", "claude-a").put("messages", user("How many tokens is this?"));

    Reply counted = post("/v1/messages/count_tokens", count, null);
    assertEquals(new JsonObject().put("input_tokens", 42), counted.json());
    assertNull(counted.headers().get(AnthropicTokenCounts.HEADER));
    assertEquals("/v1/messages/count_tokens", lastUpstream().path());

    int calls = gw.mock.received().size();
    Reply estimated = post("/v1/messages/count_tokens", count.copy().put("model", "claude-n"), null);
    assertEquals(200, estimated.status());
    assertEquals(AnthropicTokenCounts.ESTIMATED, estimated.headers().get(AnthropicTokenCounts.HEADER));
    assertTrue(estimated.json().getInteger("input_tokens") > 0);
    assertEquals(calls, gw.mock.received().size(), "an account that cannot count is not asked");

    Reply withoutAnthropic = post("/v1/messages/count_tokens", count.copy().put("model", "claude-g"), null);
    assertEquals(AnthropicTokenCounts.ESTIMATED, withoutAnthropic.headers().get(AnthropicTokenCounts.HEADER));
    assertEquals(estimated.json(), withoutAnthropic.json(), "one estimate wherever it is made");
    assertFalse(gw.mock.received().stream().anyMatch(r -> r.path().contains("claude-g")));
  }
}
