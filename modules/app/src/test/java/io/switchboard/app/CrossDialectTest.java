package io.switchboard.app;

import static io.switchboard.app.GatewayHarness.CLIENT_KEY;
import static io.switchboard.app.GatewayHarness.MODEL;
import static io.switchboard.testkit.TestStorage.awaitRows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.app.GatewayHarness.Reply;
import io.switchboard.testkit.MockBehavior;
import io.switchboard.testkit.MockUpstream;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Anthropic and Gemini clients reaching an OpenAI-compatible upstream: converted both ways, usage recorded. */
class CrossDialectTest extends GatewayTest {
  private static final String ANTHROPIC_BODY = "{\"model\":\"" + MODEL + "\",\"max_tokens\":64,"
    + "\"system\":\"Be brief.\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";
  private static final String GEMINI_BODY = "{\"systemInstruction\":{\"parts\":[{\"text\":\"Be brief.\"}]},"
    + "\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}],\"generationConfig\":{\"maxOutputTokens\":64}}";

  private Reply call(String path, String body, String... headers) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setURI(path)
      .putHeader("content-type", "application/json");
    for (int i = 0; i < headers.length; i += 2) {
      options.putHeader(headers[i], headers[i + 1]);
    }
    return gw.exchange(options, Buffer.buffer(body)).await();
  }

  private static String text(int chunks) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < chunks; i++) {
      text.append(MockUpstream.token(i));
    }
    return text.toString();
  }

  @Test
  void anthropicClientGetsAnAnthropicMessageFromAnOpenAiUpstream() throws Exception {
    gw.mock.respond(MockBehavior.ok().withChunks(3).withUsage(12, 3, 4));

    Reply reply = call("/v1/messages", ANTHROPIC_BODY + "}", "x-api-key", CLIENT_KEY,
      "anthropic-version", "2023-06-01");

    assertEquals(200, reply.status(), reply.body().toString());
    JsonObject message = reply.json();
    assertEquals("message", message.getString("type"));
    assertEquals("assistant", message.getString("role"));
    assertEquals(MODEL, message.getString("model"));
    assertEquals(new JsonArray().add(new JsonObject().put("type", "text").put("text", text(3))),
      message.getJsonArray("content"));
    assertEquals("end_turn", message.getString("stop_reason"));
    assertEquals(8, message.getJsonObject("usage").getInteger("input_tokens"), "12 prompt tokens, 4 of them cached");
    assertEquals(4, message.getJsonObject("usage").getInteger("cache_read_input_tokens"));
    assertEquals(3, message.getJsonObject("usage").getInteger("output_tokens"));
    JsonObject upstream = gw.mock.received().get(0).json();
    assertEquals(new JsonObject().put("role", "system").put("content", "Be brief."),
      upstream.getJsonArray("messages").getJsonObject(0), "the system prompt became OpenAI's system message");
    assertFalse(gw.mock.received().get(0).headers().contains("x-api-key"), "no client key upstream");
    assertEquals(List.of("12|3|4|200|ok"), awaitRows(
      "select concat_ws('|', input_tokens, output_tokens, cached_tokens, status, outcome) from usage_log", 1));
  }

  @Test
  void anthropicClientGetsAnAnthropicEventStreamFromAnOpenAiUpstream() throws Exception {
    gw.mock.respond(MockBehavior.ok().withChunks(4).withUsage(9, 4, 0));

    Reply reply = call("/v1/messages", ANTHROPIC_BODY + ",\"stream\":true}", "x-api-key", CLIENT_KEY,
      "anthropic-version", "2023-06-01");

    assertEquals(200, reply.status(), reply.body().toString());
    assertTrue(reply.headers().get("content-type").startsWith("text/event-stream"));
    List<String> types = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    JsonObject lastDelta = null;
    for (String event : reply.body().toString().split("\n\n")) {
      String[] lines = event.split("\n");
      String name = lines[0].substring("event: ".length());
      JsonObject data = new JsonObject(lines[1].substring("data: ".length()));
      assertEquals(name, data.getString("type"), "event name and data type agree");
      types.add(name);
      if (name.equals("content_block_delta")) {
        text.append(data.getJsonObject("delta").getString("text"));
      }
      if (name.equals("message_delta")) {
        lastDelta = data;
      }
    }
    assertEquals("message_start", types.get(0));
    assertEquals("message_stop", types.get(types.size() - 1));
    assertTrue(types.contains("content_block_start") && types.contains("content_block_stop"));
    assertEquals(text(4), text.toString());
    assertEquals("end_turn", lastDelta.getJsonObject("delta").getString("stop_reason"));
    assertEquals(4, lastDelta.getJsonObject("usage").getInteger("output_tokens"));
    assertEquals(List.of("9|4|200|ok"), awaitRows(
      "select concat_ws('|', input_tokens, output_tokens, status, outcome) from usage_log", 1));
  }

  @Test
  void geminiClientGetsGenerateContentFromAnOpenAiUpstream() throws Exception {
    gw.mock.respond(MockBehavior.ok().withChunks(2).withUsage(6, 2, 0));

    Reply reply = call("/v1beta/models/" + MODEL + ":generateContent", GEMINI_BODY, "x-goog-api-key", CLIENT_KEY);

    assertEquals(200, reply.status(), reply.body().toString());
    JsonObject candidate = reply.json().getJsonArray("candidates").getJsonObject(0);
    assertEquals("model", candidate.getJsonObject("content").getString("role"));
    assertEquals(text(2), candidate.getJsonObject("content").getJsonArray("parts").getJsonObject(0).getString("text"));
    assertEquals("STOP", candidate.getString("finishReason"));
    assertEquals(6, reply.json().getJsonObject("usageMetadata").getInteger("promptTokenCount"));
    assertEquals(64, gw.mock.received().get(0).json().getInteger("max_completion_tokens"));
  }

  @Test
  void geminiClientStreamsAsSseAndAsAJsonArray() throws Exception {
    gw.mock.respond(MockBehavior.ok().withChunks(3));

    Reply sse = call("/v1beta/models/" + MODEL + ":streamGenerateContent?alt=sse&key=" + CLIENT_KEY, GEMINI_BODY);
    Reply array = call("/v1beta/models/" + MODEL + ":streamGenerateContent", GEMINI_BODY, "x-goog-api-key", CLIENT_KEY);

    assertEquals(200, sse.status(), sse.body().toString());
    assertTrue(sse.headers().get("content-type").startsWith("text/event-stream"));
    StringBuilder sseText = new StringBuilder();
    for (String event : sse.body().toString().split("\r\n\r\n")) {
      sseText.append(textOf(new JsonObject(event.substring("data: ".length()))));
    }
    assertEquals(text(3), sseText.toString());

    assertEquals(200, array.status(), array.body().toString());
    assertTrue(array.headers().get("content-type").startsWith("application/json"));
    StringBuilder arrayText = new StringBuilder();
    new JsonArray(array.body()).forEach(chunk -> arrayText.append(textOf((JsonObject) chunk)));
    assertEquals(text(3), arrayText.toString());
  }

  private static String textOf(JsonObject chunk) {
    StringBuilder text = new StringBuilder();
    chunk.getJsonArray("candidates").getJsonObject(0).getJsonObject("content").getJsonArray("parts")
      .forEach(p -> text.append(((JsonObject) p).getString("text", "")));
    return text.toString();
  }

  @Test
  void errorsComeInTheClientsOwnShape() {
    Reply anthropicNoKey = call("/v1/messages", ANTHROPIC_BODY + "}", "anthropic-version", "2023-06-01");
    assertEquals(401, anthropicNoKey.status());
    assertEquals("error", anthropicNoKey.json().getString("type"));
    assertEquals("authentication_error", anthropicNoKey.json().getJsonObject("error").getString("type"));

    Reply anthropicBad = call("/v1/messages", "{\"model\":\"" + MODEL + "\",\"messages\":[]}", "x-api-key", CLIENT_KEY);
    assertEquals(400, anthropicBad.status());
    assertEquals("invalid_request_error", anthropicBad.json().getJsonObject("error").getString("type"));

    Reply geminiUnknownModel = call("/v1beta/models/nope:generateContent", GEMINI_BODY, "x-goog-api-key", CLIENT_KEY);
    assertEquals(404, geminiUnknownModel.status());
    assertEquals("NOT_FOUND", geminiUnknownModel.json().getJsonObject("error").getString("status"));
    assertEquals(404, geminiUnknownModel.json().getJsonObject("error").getInteger("code"));

    gw.mock.respond(MockBehavior.ok().withStatus(429, "{\"error\":{\"message\":\"slow down\",\"type\":\"requests\","
      + "\"param\":null,\"code\":\"rate_limit_exceeded\"}}").withRetryAfter("3"));
    Reply limited = call("/v1/messages", ANTHROPIC_BODY + "}", "x-api-key", CLIENT_KEY);
    assertEquals(429, limited.status());
    assertEquals("rate_limit_error", limited.json().getJsonObject("error").getString("type"));
    assertEquals("slow down", limited.json().getJsonObject("error").getString("message"));
    assertEquals("3", limited.headers().get("retry-after"));
  }

  @Test
  void modelListsComeInEachSdksShape() {
    Reply anthropicList = gw.exchange(new RequestOptions().setURI("/v1/models")
      .putHeader("x-api-key", CLIENT_KEY).putHeader("anthropic-version", "2023-06-01"), null).await();
    assertEquals("model", anthropicList.json().getJsonArray("data").getJsonObject(0).getString("type"));
    assertFalse(anthropicList.json().getBoolean("has_more"));

    Reply geminiList = gw.get("/v1beta/models?key=" + CLIENT_KEY, null).await();
    assertEquals("models/gpt-4o", geminiList.json().getJsonArray("models").getJsonObject(0).getString("name"));
  }

  @Test
  void oneModelIsRetrievedInEachSdksShape() {
    Reply openai = gw.get("/v1/models/" + MODEL, CLIENT_KEY).await();
    assertEquals(200, openai.status());
    assertEquals(new JsonObject().put("id", MODEL).put("object", "model").put("created", 0).put("owned_by", "switchboard"),
      openai.json());
    Reply anthropic = gw.exchange(new RequestOptions().setURI("/v1/models/" + MODEL)
      .putHeader("x-api-key", CLIENT_KEY).putHeader("anthropic-version", "2023-06-01"), null).await();
    assertEquals("model", anthropic.json().getString("type"));
    assertEquals(MODEL, anthropic.json().getString("id"));
    Reply gemini = gw.get("/v1beta/models/" + MODEL + "?key=" + CLIENT_KEY, null).await();
    assertEquals("models/" + MODEL, gemini.json().getString("name"));

    Reply unknown = gw.get("/v1/models/no-such-model", CLIENT_KEY).await();
    assertEquals(404, unknown.status());
    assertEquals("model_not_found", unknown.json().getJsonObject("error").getString("code"));
    Reply notAllowed = gw.get("/v1/models/gpt-4o", GatewayHarness.LIMITED_KEY).await();
    assertEquals(404, notAllowed.status(), "a model the key may not use is not shown to exist");
  }

  @Test
  void openAiClientsAreUntouchedByConversion() {
    Buffer body = Buffer.buffer(GatewayHarness.chat(MODEL, false, "\"logit_bias\":{\"50256\":-100}"));
    Reply reply = gw.post("/v1/chat/completions", CLIENT_KEY, body.toString()).await();
    assertEquals(200, reply.status());
    assertEquals(-100, gw.mock.received().get(0).json().getJsonObject("logit_bias").getInteger("50256"),
      "same dialect: fields the gateway does not model pass through");
  }
}
