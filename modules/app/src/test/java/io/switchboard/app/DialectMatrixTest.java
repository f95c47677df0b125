package io.switchboard.app;

import static io.switchboard.app.GatewayHarness.CLIENT_KEY;
import static io.switchboard.testkit.TestStorage.awaitRows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.api.Dialect;
import io.switchboard.app.GatewayHarness.Reply;
import io.switchboard.testkit.MockBehavior;
import io.switchboard.testkit.MockUpstream;
import io.switchboard.testkit.ReceivedRequest;
import io.switchboard.testkit.TestStorage;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every client dialect against every upstream kind, plain and streamed, text and a tool call, through the real
 * gateway and the testkit mock: the client reads the upstream's answer in its own format, event by event in the
 * order its SDK expects ({@link WireShape}), the upstream got the call in its own format with its own credential,
 * and the usage row holds the upstream's token counts. A Responses client reaches OpenAI and Azure accounts
 * natively, byte for byte both ways; an account declaring {@code api: responses} is reached by every other dialect
 * through the Responses API. One gateway serves every case (each case finds its usage row by its request id).
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DialectMatrixTest {
  private static final String TOOL = "get_weather";
  private static final JsonObject TOOL_ARGS = new JsonObject().put("city", "Paris").put("unit", "celsius");
  /** Account names: a provider kind, or {@code openai-responses}, an OpenAI account serving only the Responses API. */
  private static final List<String> KINDS = List.of("openai", "azure-openai", "anthropic", "gemini", "bedrock",
    "openai-compatible", "openai-responses");
  /** Where a Responses client's body and answer travel untouched. */
  private static final Set<String> SPEAKS_RESPONSES = Set.of("openai", "azure-openai", "openai-responses");
  private static final int CHUNKS = 3;
  private GatewayHarness gw;

  @BeforeAll
  void startGateway(Vertx vertx) throws Exception {
    TestStorage.clean();
    gw = GatewayHarness.start(vertx, overrides()).await();
  }

  @AfterAll
  void stopGateway() {
    gw.stop().await();
  }

  @BeforeEach
  void resetMock() {
    gw.mock.reset();
  }

  private static JsonObject overrides() {
    JsonArray accounts = new JsonArray()
      .add(account("openai", "openai", "${env:MOCK_ROOT}/v1", new JsonObject()))
      .add(account("azure-openai", "azure-openai", "${env:MOCK_ROOT}", new JsonObject().put("apiVersion", "2024-10-21")))
      .add(account("anthropic", "anthropic", "${env:MOCK_ROOT}", new JsonObject()))
      .add(account("gemini", "gemini", "${env:MOCK_ROOT}", new JsonObject()))
      .add(account("bedrock", "bedrock", "${env:MOCK_ROOT}", new JsonObject().put("region", "us-east-1"))
        .put("apiKey", "AKIDEXAMPLE:wJalrXUtnFEMIK7MDENGbPxRfiCY"))
      .add(account("openai-compatible", "openai-compatible", "${env:MOCK_ROOT}/v1", new JsonObject()))
      .add(account("openai-responses", "openai", "${env:MOCK_ROOT}/v1", new JsonObject().put("api", "responses")));
    return new JsonObject().put("bootstrap", new JsonObject().put("accounts", accounts));
  }

  private static JsonObject account(String name, String provider, String baseUrl, JsonObject options) {
    return new JsonObject().put("name", name).put("provider", provider).put("baseUrl", baseUrl)
      .put("apiKey", "k-" + name).put("models", new JsonArray().add("m-" + name)).put("options", options);
  }

  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    for (Dialect client : Dialect.values()) {
      for (String kind : KINDS) {
        for (boolean stream : new boolean[] {false, true}) {
          for (boolean tool : new boolean[] {false, true}) {
            cases.add(Arguments.of(client, kind, stream, tool));
          }
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} client -> {1} upstream, stream={2}, tool={3}")
  @MethodSource("cases")
  void theClientReadsTheUpstreamsAnswerInItsOwnFormat(Dialect client, String kind, boolean stream, boolean tool)
    throws Exception {
    MockBehavior behavior = MockBehavior.ok().withChunks(CHUNKS).withUsage(17, CHUNKS, 0);
    gw.mock.respond(tool ? behavior.withToolCall(TOOL, TOOL_ARGS.encode()) : behavior);
    String model = "m-" + kind;
    JsonObject sent = body(client, model, stream, tool);

    Reply reply = gw.exchange(options(client, model, stream), sent.toBuffer()).await();

    assertEquals(200, reply.status(), reply.body().toString());
    WireShape.check(client, stream, tool, reply.body());
    ClientView view = ClientView.read(client, stream, reply.body());
    if (tool) {
      assertEquals(TOOL, view.toolName(), reply.body().toString());
      assertEquals(TOOL_ARGS, view.toolArgs());
    } else {
      assertNull(view.toolName());
      assertEquals(expectedText(), view.text(), reply.body().toString());
    }
    ReceivedRequest upstream = gw.mock.received().get(gw.mock.received().size() - 1);
    assertUpstreamCall(kind, client, upstream);
    if (client == Dialect.RESPONSES && SPEAKS_RESPONSES.contains(kind)) {
      assertEquals(sent, upstream.json(), "the client's body went on as sent (its model is the upstream's)");
      if (stream) {
        assertEquals(gw.mock.lastStreamBody(), reply.body(), "the upstream's events reached the client untouched");
      }
    }
    assertEquals(List.of("17|" + CHUNKS + "|200|ok|" + kind), awaitRows("select concat_ws('|', u.input_tokens, "
      + "u.output_tokens, u.status, u.outcome, a.name) from usage_log u join accounts a on a.id = u.account_id "
      + "where u.request_id = '" + reply.headers().get("x-request-id") + "'", 1));
  }

  /**
   * A Responses input item of a type the gateway does not know reaches an OpenAI upstream as sent (OpenAI judges
   * it), and is left out of a conversion for another upstream; neither is refused by the gateway.
   */
  @ParameterizedTest(name = "{0} upstream")
  @ValueSource(strings = {"openai", "anthropic"})
  void aResponsesItemTypeTheGatewayDoesNotKnowIsOpenAisToJudge(String kind) throws Exception {
    gw.mock.respond(MockBehavior.ok().withChunks(CHUNKS).withUsage(17, CHUNKS, 0));
    JsonObject sent = new JsonObject().put("model", "m-" + kind).put("stream", false).put("input", new JsonArray()
      .add(new JsonObject().put("role", "user").put("content", "weather?"))
      .add(new JsonObject().put("type", "weather_report_call").put("id", "wr_1").put("station", "LFPG")));

    Reply reply = gw.exchange(options(Dialect.RESPONSES, "m-" + kind, false), sent.toBuffer()).await();

    assertEquals(200, reply.status(), reply.body().toString());
    assertEquals(expectedText(), ClientView.read(Dialect.RESPONSES, false, reply.body()).text());
    ReceivedRequest upstream = gw.mock.received().get(gw.mock.received().size() - 1);
    if (kind.equals("openai")) {
      assertEquals(sent, upstream.json(), "the item went on as sent");
    } else {
      assertEquals(new JsonArray().add(new JsonObject().put("role", "user").put("content", "weather?")),
        upstream.json().getJsonArray("messages"), "the item was left out, the conversation kept");
      assertFalse(upstream.body().toString().contains("weather_report_call"));
    }
  }

  /**
   * A Responses content part of a type the gateway does not know reaches an OpenAI upstream as sent (OpenAI judges
   * it); a conversion cannot leave it out of the message, so another upstream is not asked and the client gets
   * OpenAI's 400 naming the part.
   */
  @ParameterizedTest(name = "{0} upstream")
  @ValueSource(strings = {"openai", "anthropic"})
  void aResponsesContentPartTypeTheGatewayDoesNotKnowIsOpenAisToJudge(String kind) throws Exception {
    gw.mock.respond(MockBehavior.ok().withChunks(CHUNKS).withUsage(17, CHUNKS, 0));
    int before = gw.mock.received().size();
    JsonObject sent = new JsonObject().put("model", "m-" + kind).put("stream", false).put("input", new JsonArray()
      .add(new JsonObject().put("role", "user").put("content", new JsonArray()
        .add(new JsonObject().put("type", "input_text").put("text", "what is in it?"))
        .add(new JsonObject().put("type", "input_video").put("video_url", "https://example.com/v.mp4")))));

    Reply reply = gw.exchange(options(Dialect.RESPONSES, "m-" + kind, false), sent.toBuffer()).await();

    if (kind.equals("openai")) {
      assertEquals(200, reply.status(), reply.body().toString());
      assertEquals(sent, gw.mock.received().get(gw.mock.received().size() - 1).json(), "the part went on as sent");
    } else {
      assertEquals(400, reply.status(), reply.body().toString());
      assertEquals(new JsonObject().put("message", "Invalid value for 'input[0].content[1].type': 'input_video'. "
          + "Supported values are: 'input_text', 'input_image', 'input_file', 'output_text', and 'refusal'.")
        .put("type", "invalid_request_error").put("param", null).put("code", null),
        reply.json().getJsonObject("error"));
      assertEquals(before, gw.mock.received().size(), "no upstream was asked");
    }
  }

  private static String expectedText() {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < CHUNKS; i++) {
      text.append(MockUpstream.token(i));
    }
    return text.toString();
  }

  /** The upstream was called on its own path, with its own credential, never the client's key. */
  private static void assertUpstreamCall(String kind, Dialect client, ReceivedRequest upstream) {
    String path = upstream.path();
    boolean responses = kind.equals("openai-responses") || client == Dialect.RESPONSES
      && (kind.equals("openai") || kind.equals("azure-openai"));
    switch (kind) {
      case "openai", "openai-compatible", "openai-responses" -> {
        assertEquals(responses ? "/v1/responses" : "/v1/chat/completions", path);
        assertEquals("Bearer k-" + kind, upstream.headers().get("authorization"));
      }
      case "azure-openai" -> {
        assertEquals(responses ? "/openai/v1/responses" : "/openai/deployments/m-azure-openai/chat/completions", path);
        assertEquals("k-azure-openai", upstream.headers().get("api-key"));
        assertTrue(responses || upstream.query().contains("api-version=2024-10-21"));
      }
      case "anthropic" -> {
        assertEquals("/v1/messages", path);
        assertEquals("k-anthropic", upstream.headers().get("x-api-key"));
      }
      case "gemini" -> {
        assertTrue(path.startsWith("/v1beta/models/m-gemini:"), path);
        assertEquals("k-gemini", upstream.headers().get("x-goog-api-key"));
      }
      case "bedrock" -> {
        assertTrue(path.startsWith("/model/m-bedrock/invoke"), path);
        assertTrue(upstream.headers().get("authorization").startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"));
        assertEquals("bedrock-2023-05-31", upstream.json().getString("anthropic_version"));
      }
      default -> throw new AssertionError(kind);
    }
    upstream.headers().forEach(h -> assertTrue(!h.getValue().contains(CLIENT_KEY), "the client key went upstream"));
  }

  private static RequestOptions options(Dialect client, String model, boolean stream) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).putHeader("content-type", "application/json");
    return switch (client) {
      case OPENAI -> options.setURI("/v1/chat/completions").putHeader("authorization", "Bearer " + CLIENT_KEY);
      case RESPONSES -> options.setURI("/v1/responses").putHeader("authorization", "Bearer " + CLIENT_KEY);
      case ANTHROPIC -> options.setURI("/v1/messages").putHeader("x-api-key", CLIENT_KEY)
        .putHeader("anthropic-version", "2023-06-01");
      case GEMINI -> options.setURI("/v1beta/models/" + model
          + (stream ? ":streamGenerateContent?alt=sse" : ":generateContent"))
        .putHeader("x-goog-api-key", CLIENT_KEY);
    };
  }

  private static JsonObject body(Dialect client, String model, boolean stream, boolean tool) {
    JsonObject schema = new JsonObject().put("type", "object").put("properties", new JsonObject()
      .put("city", new JsonObject().put("type", "string")).put("unit", new JsonObject().put("type", "string")));
    JsonArray userSays = new JsonArray().add(new JsonObject().put("role", "user").put("content", "weather?"));
    return switch (client) {
      case OPENAI -> {
        JsonObject body = new JsonObject().put("model", model).put("stream", stream).put("messages", userSays);
        yield !tool ? body : body.put("tools", new JsonArray().add(new JsonObject().put("type", "function")
          .put("function", new JsonObject().put("name", TOOL).put("parameters", schema))));
      }
      case RESPONSES -> {
        JsonObject body = new JsonObject().put("model", model).put("stream", stream).put("input", "weather?");
        yield !tool ? body : body.put("tools", new JsonArray().add(new JsonObject().put("type", "function")
          .put("name", TOOL).put("parameters", schema)));
      }
      case ANTHROPIC -> {
        JsonObject body = new JsonObject().put("model", model).put("max_tokens", 256).put("stream", stream)
          .put("messages", userSays);
        yield !tool ? body : body.put("tools", new JsonArray().add(new JsonObject().put("name", TOOL)
          .put("input_schema", schema)));
      }
      case GEMINI -> {
        JsonObject body = new JsonObject().put("contents", new JsonArray().add(new JsonObject().put("role", "user")
          .put("parts", new JsonArray().add(new JsonObject().put("text", "weather?")))));
        yield !tool ? body : body.put("tools", new JsonArray().add(new JsonObject().put("functionDeclarations",
          new JsonArray().add(new JsonObject().put("name", TOOL).put("parameters", schema)))));
      }
    };
  }

  @Test
  void aGeminiClientsOtherQueryParametersReachAGeminiUpstreamButNotItsKey() throws Exception {
    gw.mock.respond(MockBehavior.ok().withChunks(2));
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).putHeader("content-type", "application/json")
      .setURI("/v1beta/models/m-gemini:streamGenerateContent?alt=sse&key=" + CLIENT_KEY + "&custom=1");
    JsonObject body = new JsonObject().put("contents", new JsonArray().add(new JsonObject().put("role", "user")
      .put("parts", new JsonArray().add(new JsonObject().put("text", "hi")))));
    assertEquals(200, gw.exchange(options, body.toBuffer()).await().status());
    ReceivedRequest upstream = gw.mock.received().get(0);
    assertEquals("alt=sse&custom=1", upstream.query());
  }
}
