package io.switchboard.app;

import static io.switchboard.app.AdapterJars.OLLAMA_MODEL;
import static io.switchboard.app.GatewayHarness.CLIENT_KEY;
import static io.switchboard.testkit.TestStorage.awaitRows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.app.GatewayHarness.Reply;
import io.switchboard.testkit.MockBehavior;
import io.switchboard.testkit.ReceivedRequest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The Ollama adapter, deployed at runtime from the jar the build makes (never on the app's classpath), serves an
 * account of provider ollama created through the admin API: OpenAI, Anthropic and Gemini clients, plain and streamed,
 * get whole answers in their own dialect from the mock's native {@code /api/chat}, with a usage row each.
 */
class AdapterFromJarTest extends AdminTest {
  private static final String ANTHROPIC_BODY = "{\"model\":\"" + OLLAMA_MODEL + "\",\"max_tokens\":64,"
    + "\"system\":\"Be brief.\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";
  private static final String GEMINI_BODY = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}],"
    + "\"generationConfig\":{\"maxOutputTokens\":64,\"temperature\":0.2}}";
  private static final String TEXT = "tok0 tok1 tok2 ";

  /** Jars are looked for where the build leaves them. */
  @Override
  protected JsonObject adminOverrides() {
    return new JsonObject().put("adapters", new JsonObject().put("dir", AdapterJars.OLLAMA_V1.getParent().toString()));
  }

  @Test
  void everyDialectReachesOllamaThroughTheAdapterFromItsJar() throws Exception {
    String token = admin.loginAdmin();
    JsonObject account = new JsonObject().put("name", "local-ollama").put("provider", "ollama")
      .put("baseUrl", gw.mock.rootUrl()).put("models", new JsonArray().add(OLLAMA_MODEL));
    Reply early = admin.post("/admin/accounts", token, account);
    assertEquals(400, early.status(), "no adapter serves ollama yet: " + early.body());
    assertEquals("provider", early.json().getJsonObject("error").getString("field"));

    gw.gateway.deployAdapter("ollama-adapter", 0).await(); // by its file name in adapters.dir, ".jar" left out
    Reply created = admin.post("/admin/accounts", token, account);
    assertEquals(201, created.status(), created.body().toString());
    long accountId = created.json().getLong("id");
    gw.mock.respond(MockBehavior.ok().withChunks(3).withUsage(11, 3, 0));

    JsonObject openAi = gw.post("/v1/chat/completions", CLIENT_KEY, GatewayHarness.chat(OLLAMA_MODEL, false,
      "\"temperature\":0.5,\"max_tokens\":64")).await().json();
    assertEquals(TEXT, openAi.getJsonArray("choices").getJsonObject(0).getJsonObject("message").getString("content"));
    assertEquals("stop", openAi.getJsonArray("choices").getJsonObject(0).getString("finish_reason"));
    assertEquals(List.of(11, 3), List.of(openAi.getJsonObject("usage").getInteger("prompt_tokens"),
      openAi.getJsonObject("usage").getInteger("completion_tokens")));
    Reply openAiStream = gw.post("/v1/chat/completions", CLIENT_KEY, GatewayHarness.chat(OLLAMA_MODEL, true, null))
      .await();
    assertEquals(TEXT, sseText(openAiStream, e -> e.getJsonArray("choices").isEmpty() ? null
      : e.getJsonArray("choices").getJsonObject(0).getJsonObject("delta").getString("content")));
    assertTrue(openAiStream.body().toString().endsWith("data: [DONE]\n\n"), openAiStream.body().toString());

    JsonObject anthropic = call("/v1/messages", ANTHROPIC_BODY + "}", "x-api-key").json();
    assertEquals(TEXT, anthropic.getJsonArray("content").getJsonObject(0).getString("text"));
    assertEquals("end_turn", anthropic.getString("stop_reason"));
    assertEquals(List.of(11, 3), List.of(anthropic.getJsonObject("usage").getInteger("input_tokens"),
      anthropic.getJsonObject("usage").getInteger("output_tokens")));
    Reply anthropicStream = call("/v1/messages", ANTHROPIC_BODY + ",\"stream\":true}", "x-api-key");
    assertEquals(TEXT, sseText(anthropicStream, e -> "content_block_delta".equals(e.getString("type"))
      ? e.getJsonObject("delta").getString("text") : null));
    assertTrue(anthropicStream.body().toString().contains("event: message_stop"));

    String gemini = "/v1beta/models/" + OLLAMA_MODEL;
    JsonObject generated = call(gemini + ":generateContent", GEMINI_BODY, "x-goog-api-key").json();
    assertEquals(TEXT, geminiText(generated));
    assertEquals(List.of(11, 3), List.of(generated.getJsonObject("usageMetadata").getInteger("promptTokenCount"),
      generated.getJsonObject("usageMetadata").getInteger("candidatesTokenCount")));
    Reply geminiStream = call(gemini + ":streamGenerateContent?alt=sse", GEMINI_BODY, "x-goog-api-key");
    assertEquals(TEXT, sseText(geminiStream, AdapterFromJarTest::geminiText));

    List<ReceivedRequest> upstream = gw.mock.received();
    assertEquals(Collections.nCopies(6, "/api/chat"), upstream.stream().map(ReceivedRequest::path).toList());
    assertEquals(Collections.nCopies(6, "switchboard-ollama/1.0.0"),
      upstream.stream().map(r -> r.headers().get("user-agent")).toList());
    assertEquals(List.of(false, true, false, true, false, true),
      upstream.stream().map(r -> r.json().getBoolean("stream")).toList());
    assertEquals(new JsonObject().put("model", OLLAMA_MODEL)
      .put("messages", new JsonArray().add(new JsonObject().put("role", "user").put("content", "hi")))
      .put("stream", false).put("options", new JsonObject().put("temperature", 0.5).put("num_predict", 64)),
      upstream.get(0).json(), "Chat Completions became Ollama's native request");
    assertEquals(new JsonObject().put("role", "system").put("content", "Be brief."),
      upstream.get(2).json().getJsonArray("messages").getJsonObject(0));
    assertEquals(Collections.nCopies(6, "11|3|200|ok|" + accountId), awaitRows("select concat_ws('|', input_tokens,"
      + " output_tokens, status, outcome, account_id) from usage_log", 6));
  }

  @Test
  void toolCallsTravelBothWays() throws Exception {
    gw.gateway.deployAdapter(AdapterJars.OLLAMA_V1.toString(), 1).await();
    String token = admin.loginAdmin();
    assertEquals(201, admin.post("/admin/accounts", token, new JsonObject().put("name", "local-ollama")
      .put("provider", "ollama").put("baseUrl", gw.mock.rootUrl())
      .put("models", new JsonArray().add(OLLAMA_MODEL))).status());
    gw.mock.respond(MockBehavior.ok().withToolCall("get_weather", "{\"city\":\"Paris\"}").withUsage(20, 7, 0));

    JsonObject answer = gw.post("/v1/chat/completions", CLIENT_KEY, GatewayHarness.chat(OLLAMA_MODEL, false,
      "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"parameters\":{\"type\":\"object\","
        + "\"properties\":{\"city\":{\"type\":\"string\"}}}}}]")).await().json();

    JsonObject choice = answer.getJsonArray("choices").getJsonObject(0);
    assertEquals("tool_calls", choice.getString("finish_reason"));
    JsonObject function = choice.getJsonObject("message").getJsonArray("tool_calls").getJsonObject(0)
      .getJsonObject("function");
    assertEquals("get_weather", function.getString("name"));
    assertEquals(new JsonObject().put("city", "Paris"), new JsonObject(function.getString("arguments")));
    assertEquals("get_weather", gw.mock.received().get(0).json().getJsonArray("tools").getJsonObject(0)
      .getJsonObject("function").getString("name"));
    assertEquals(List.of("20|7"), awaitRows("select concat_ws('|', input_tokens, output_tokens) from usage_log", 1));
  }

  private Reply call(String path, String body, String keyHeader) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setURI(path)
      .putHeader("content-type", "application/json").putHeader(keyHeader, CLIENT_KEY)
      .putHeader("anthropic-version", "2023-06-01");
    Reply reply = gw.exchange(options, Buffer.buffer(body)).await();
    assertEquals(200, reply.status(), reply.body().toString());
    return reply;
  }

  /** The text a stream's {@code data:} events carry, as {@code text} reads each event. */
  static String sseText(Reply reply, Function<JsonObject, String> text) {
    assertEquals(200, reply.status(), reply.body().toString());
    StringBuilder all = new StringBuilder();
    for (String line : reply.body().toString().split("\r?\n")) {
      if (line.startsWith("data: ") && !line.equals("data: [DONE]")) {
        String piece = text.apply(new JsonObject(line.substring(6)));
        all.append(piece == null ? "" : piece);
      }
    }
    return all.toString();
  }

  private static String geminiText(JsonObject response) {
    StringBuilder text = new StringBuilder();
    JsonArray parts = response.getJsonArray("candidates").getJsonObject(0).getJsonObject("content")
      .getJsonArray("parts", new JsonArray());
    parts.forEach(part -> text.append(((JsonObject) part).getString("text", "")));
    return text.toString();
  }
}
