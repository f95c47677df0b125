package io.switchboard.app;

import static io.switchboard.app.GatewayHarness.CLIENT_KEY;
import static io.switchboard.testkit.TestStorage.awaitRows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.app.GatewayHarness.Reply;
import io.switchboard.testkit.MockAnthropic;
import io.switchboard.testkit.MockBehavior;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Token counts, embeddings, thinking blocks across dialects, and provider-kind prefixes, end to end. */
class OperationsAndThinkingTest extends GatewayTest {
  private static final String THOUGHT = "Let me think about the weather.";

  @Override
  protected JsonObject overrides() {
    JsonArray accounts = new JsonArray()
      .add(account("anthropic", "${env:MOCK_ROOT}", "claude-x"))
      .add(account("bedrock", "${env:MOCK_ROOT}", "claude-x").put("apiKey", "AKIDEXAMPLE:secret0123456789")
        .put("options", new JsonObject().put("region", "us-east-1")))
      .add(account("openai", "${env:MOCK_ROOT}/v1", "gpt-x").put("models", new JsonArray().add("gpt-x")
        .add("text-embedding-3-small")))
      .add(account("gemini", "${env:MOCK_ROOT}", "gemini-x"));
    return new JsonObject().put("bootstrap", new JsonObject().put("accounts", accounts));
  }

  private static JsonObject account(String kind, String baseUrl, String model) {
    return new JsonObject().put("name", kind).put("provider", kind).put("baseUrl", baseUrl).put("apiKey", "k-" + kind)
      .put("models", new JsonArray().add(model));
  }

  private Reply anthropic(String path, JsonObject body) {
    return gw.exchange(new RequestOptions().setMethod(HttpMethod.POST).setURI(path)
      .putHeader("x-api-key", CLIENT_KEY).putHeader("anthropic-version", "2023-06-01")
      .putHeader("content-type", "application/json"), body.toBuffer()).await();
  }

  private static JsonObject messages(String model) {
    return new JsonObject().put("model", model).put("max_tokens", 1024)
      .put("messages", new JsonArray().add(new JsonObject().put("role", "user").put("content", "How is the weather?")));
  }

  @Test
  void countTokensIsAskedOfAnAnthropicAccountAndEstimatedWithoutOne() throws Exception {
    gw.mock.respond(MockBehavior.ok().withUsage(42, 1, 0));
    Reply counted = anthropic("/v1/messages/count_tokens", messages("anthropic/claude-x").copy()
      .put("model", "claude-x"));
    assertEquals(200, counted.status(), counted.body().toString());
    assertEquals(42, counted.json().getInteger("input_tokens"), "the upstream's own count");
    assertEquals("/v1/messages/count_tokens", gw.mock.received().get(0).path());

    Reply estimated = anthropic("/v1/messages/count_tokens", messages("gpt-x"));
    assertEquals(200, estimated.status(), estimated.body().toString());
    int tokens = estimated.json().getInteger("input_tokens");
    assertTrue(tokens >= 5 && tokens <= 20, "an estimate of a five-word message: " + tokens);
    assertEquals(1, gw.mock.received().size(), "no OpenAI account was asked to count");
  }

  @Test
  void embeddingsGoToAnOpenAiAccountAndRecordTheirTokens() throws Exception {
    gw.mock.respond(MockBehavior.ok().withUsage(8, 0, 0));
    Reply reply = gw.post("/v1/embeddings", CLIENT_KEY,
      "{\"model\":\"text-embedding-3-small\",\"input\":[\"one\",\"two\"]}").await();
    assertEquals(200, reply.status(), reply.body().toString());
    assertEquals(2, reply.json().getJsonArray("data").size());
    assertEquals("/v1/embeddings", gw.mock.received().get(0).path());
    assertEquals(List.of("8|0|200"), awaitRows("select concat_ws('|', input_tokens, output_tokens, status) "
      + "from usage_log", 1));
  }

  @Test
  void thinkingWithItsSignatureReachesAnAnthropicClientFromAnthropicAndBedrock() {
    gw.mock.respond(MockBehavior.ok().withChunks(2).withThinking(THOUGHT));
    for (String prefix : new String[] {"anthropic/", "bedrock,"}) {
      Reply plain = anthropic("/v1/messages", messages(prefix + "claude-x"));
      assertEquals(200, plain.status(), plain.body().toString());
      JsonObject thinking = plain.json().getJsonArray("content").getJsonObject(0);
      assertEquals("thinking", thinking.getString("type"), prefix);
      assertEquals(THOUGHT, thinking.getString("thinking"));
      assertEquals(MockAnthropic.SIGNATURE, thinking.getString("signature"));

      Reply stream = anthropic("/v1/messages", messages(prefix + "claude-x").put("stream", true));
      String events = stream.body().toString();
      assertTrue(events.contains("\"type\":\"thinking_delta\""), prefix + events);
      assertTrue(events.contains("\"signature\":\"" + MockAnthropic.SIGNATURE + "\""), prefix + events);
    }
    assertTrue(gw.mock.received().get(2).path().startsWith("/model/claude-x/invoke"), "bedrock, prefix chose Bedrock");
  }

  @Test
  void anOpenAiClientReadsAnthropicThinkingAsReasoningContent() {
    gw.mock.respond(MockBehavior.ok().withChunks(2).withThinking(THOUGHT));
    Reply reply = gw.post("/v1/chat/completions", CLIENT_KEY,
      GatewayHarness.chat("anthropic/claude-x", false, null)).await();
    assertEquals(200, reply.status(), reply.body().toString());
    JsonObject message = reply.json().getJsonArray("choices").getJsonObject(0).getJsonObject("message");
    assertEquals(THOUGHT, message.getString("reasoning_content"));
    assertTrue(message.getString("content").startsWith("tok0"));
  }
}
