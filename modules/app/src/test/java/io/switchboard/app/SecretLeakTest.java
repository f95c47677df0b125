package io.switchboard.app;

import static io.switchboard.app.GatewayHarness.CLIENT_KEY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.api.Addresses;
import io.switchboard.api.ApiKeys;
import io.switchboard.api.AuthRequest;
import io.switchboard.api.Dialect;
import io.switchboard.api.Principal;
import io.switchboard.app.GatewayHarness.Reply;
import io.switchboard.testkit.MockBehavior;
import io.switchboard.testkit.TestStorage;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.DeliveryContext;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * An upstream that echoes its credential and its whereabouts in every error it can give — an HTTP error in its own
 * shape (message, type, param, code, Gemini's details), and an error event inside a stream that had begun — reached
 * through the real gateway by a client of each dialect, plain and streamed: nothing of it reaches the client, and
 * nothing of it is kept in the outcome log.
 */
class SecretLeakTest extends GatewayTest {
  private static final Map<String, String> CREDENTIALS = Map.of(
    "openai", "sk-proj-LeakyOpenAiKey0123456789abcd",
    "anthropic", "sk-ant-api03-LeakyAnthropicKey-0123456789",
    "gemini", "AIzaSyLeakyGeminiKey0123456789abcdefghi");
  private static final List<Dialect> CLIENTS = List.of(Dialect.OPENAI, Dialect.ANTHROPIC, Dialect.GEMINI);

  @Override
  protected JsonObject overrides() {
    JsonArray accounts = new JsonArray();
    CREDENTIALS.forEach((kind, key) -> accounts.add(new JsonObject().put("name", kind).put("provider", kind)
      .put("baseUrl", "${env:MOCK_ROOT}" + (kind.equals("openai") ? "/v1" : "")).put("apiKey", key)
      .put("models", new JsonArray().add("leak-" + kind))));
    return new JsonObject().put("bootstrap", new JsonObject().put("accounts", accounts))
      .put("ingress", new JsonObject().put("maxAttempts", 2))
      .put("providers", new JsonObject().put("defaults", new JsonObject().put("circuit", new JsonObject()
        .put("consecutiveFailures", 100_000).put("minRequests", 100_000))));
  }

  /** The upstream's own error shape, every field of it echoing the credential and where the upstream is. */
  private static String errorBody(String kind, int status, String key, String where) {
    String said = "Incorrect API key provided: " + key + " (upstream " + where + ")";
    return switch (kind) {
      case "openai" -> new JsonObject().put("error", new JsonObject().put("message", said)
        .put("type", "invalid_request_error " + key).put("param", where).put("code", key)).encode();
      case "anthropic" -> new JsonObject().put("type", "error").put("error", new JsonObject()
        .put("type", "invalid_request_error").put("message", said)).put("request_id", key + "@" + where).encode();
      default -> new JsonObject().put("error", new JsonObject().put("code", status).put("message", said)
        .put("status", "INVALID_ARGUMENT").put("details", new JsonArray().add(new JsonObject()
          .put("@type", "type.googleapis.com/google.rpc.ErrorInfo").put("reason", "BAD_REQUEST")
          .put("metadata", new JsonObject().put("key", key).put("host", where))))).encode();
    };
  }

  @Test
  void anUpstreamsHttpErrorsReachNoClientWithItsCredentialOrWhereabouts() throws Exception {
    String where = gw.mock.rootUrl(); // http://127.0.0.1:<port>
    List<String> checked = new ArrayList<>();
    for (String kind : CREDENTIALS.keySet()) {
      String key = CREDENTIALS.get(kind);
      for (int status : new int[] {400, 503}) {
        gw.mock.respond(MockBehavior.ok().withStatus(status, errorBody(kind, status, key, where)));
        for (Dialect client : CLIENTS) {
          for (boolean stream : new boolean[] {false, true}) {
            Reply reply = send(client, "leak-" + kind, stream);
            String seen = reply.headers() + "\n" + reply.body();
            String what = client + " client, " + kind + " upstream, HTTP " + status + (stream ? ", streamed" : "");
            assertTrue(status == 400 ? reply.status() == 400 : reply.status() >= 500, what + ": " + seen);
            assertClean(seen, key, what);
            checked.add(what);
          }
        }
      }
    }
    assertEquals(36, checked.size());
    assertFalse(gw.mock.received().isEmpty());
    List<String> logged = TestStorage.awaitRows("select body from outcome_log where body is not null", 36);
    assertTrue(logged.size() >= 36, "every failed attempt is in the outcome log: " + logged.size());
    logged.forEach(body -> CREDENTIALS.values().forEach(key -> assertClean(body, key, "outcome_log")));
  }

  @Test
  void anErrorEventInsideAStreamReachesNoClientWithAKeyOrTheUpstreamsAddress() throws Exception {
    String openAiKey = CREDENTIALS.get("openai");
    String anthropicKey = CREDENTIALS.get("anthropic");
    String geminiKey = CREDENTIALS.get("gemini");
    String where = "http://127.0.0.1/v1";
    List<NetServer> servers = List.of(
      RawStreamUpstream.serve(gw, "raw-openai", "openai", "/v1", "raw-openai",
        "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"raw-openai\",\"choices\":"
          + "[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"hi\"},\"finish_reason\":null}]}\n\n"
          + "data: {\"error\":{\"message\":\"key " + openAiKey + " refused at " + where + "\",\"type\":\"server_error\","
          + "\"param\":\"" + openAiKey + "\",\"code\":null}}\n\n"),
      RawStreamUpstream.serve(gw, "raw-anthropic", "anthropic", "", "raw-anthropic",
        "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"m\",\"type\":\"message\","
          + "\"role\":\"assistant\",\"model\":\"raw-anthropic\",\"content\":[],\"stop_reason\":null,\"usage\":"
          + "{\"input_tokens\":3,\"output_tokens\":1}}}\n\n"
          + "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"key "
          + anthropicKey + " refused at " + where + "\"}}\n\n"),
      RawStreamUpstream.serve(gw, "raw-gemini", "gemini", "", "raw-gemini",
        "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"hi\"}],\"role\":\"model\"},\"index\":0}]}\r\n\r\n"
          + "data: {\"error\":{\"code\":500,\"message\":\"key " + geminiKey + " refused at " + where + "\","
          + "\"status\":\"INTERNAL\",\"details\":[{\"reason\":\"" + geminiKey + "\"}]}}\r\n\r\n"));
    try {
      for (String kind : List.of("openai", "anthropic", "gemini")) {
        for (Dialect client : CLIENTS) {
          Reply reply = send(client, "raw-" + kind, true);
          String what = client + " client, " + kind + " upstream's in-stream error";
          assertEquals(200, reply.status(), what);
          assertTrue(reply.body().toString().contains("error"), what + " is told: " + reply.body());
          assertClean(reply.headers() + "\n" + reply.body(), CREDENTIALS.get(kind), what);
        }
      }
    } finally {
      servers.forEach(server -> server.close().await());
    }
  }

  /**
   * The auth role is asked with the key's SHA-256, as keys are stored: the key itself never leaves the ingress, so a
   * clustered bus never carries it (each dialect's key header, plain and streamed).
   */
  @Test
  void theClientsKeyCrossesTheBusOnlyAsItsHash() {
    List<Object> sent = new CopyOnWriteArrayList<>();
    Handler<DeliveryContext<Object>> watch = delivery -> {
      sent.add(delivery.message().body());
      delivery.next();
    };
    gw.vertx.eventBus().addOutboundInterceptor(watch);
    try {
      for (Dialect client : CLIENTS) {
        for (boolean stream : new boolean[] {false, true}) {
          Reply reply = send(client, "leak-" + client.name().toLowerCase(Locale.ROOT), stream);
          assertEquals(200, reply.status(), client + ": " + reply.body());
        }
      }
    } finally {
      gw.vertx.eventBus().removeOutboundInterceptor(watch);
    }
    List<AuthRequest> asked = sent.stream().filter(AuthRequest.class::isInstance).map(AuthRequest.class::cast)
      .toList();
    assertTrue(asked.stream().filter(AuthRequest::admit).count() >= 6, "each request admitted: " + asked);
    for (AuthRequest request : asked) {
      assertEquals(ApiKeys.sha256Hex(CLIENT_KEY), request.keyHash());
      assertFalse(request.toJson().encode().contains(CLIENT_KEY.substring(0, 12)), request.toJson().encode());
    }
    sent.forEach(body -> assertFalse(String.valueOf(body).contains(CLIENT_KEY), String.valueOf(body)));
  }

  /**
   * An ingress of the earlier version sends the key itself, to the address it knows (its JSON has {@code apiKey}): it
   * is still answered, so a cluster can be upgraded node by node.
   */
  @Test
  void anIngressOfTheEarlierVersionIsStillAnswered() {
    AuthRequest earlier = AuthRequest.fromJson(new JsonObject().put("apiKey", CLIENT_KEY).put("admit", false));
    Principal principal = gw.vertx.eventBus().<Principal>request(Addresses.AUTH_VERIFY_EARLIER, earlier).await()
      .body();
    assertEquals("client", principal.keyName());
  }

  private static void assertClean(String seen, String key, String what) {
    assertFalse(seen.contains(key), what + " shows the credential: " + seen);
    assertFalse(seen.contains(key.substring(0, 12)), what + " shows part of a key: " + seen);
    assertFalse(seen.contains("127.0.0.1"), what + " shows where the upstream is: " + seen);
  }

  private Reply send(Dialect client, String model, boolean stream) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).putHeader("content-type",
      "application/json");
    JsonObject body;
    switch (client) {
      case OPENAI -> {
        options.setURI("/v1/chat/completions").putHeader("authorization", "Bearer " + CLIENT_KEY);
        body = new JsonObject().put("model", model).put("stream", stream)
          .put("messages", new JsonArray().add(new JsonObject().put("role", "user").put("content", "hi")));
      }
      case ANTHROPIC -> {
        options.setURI("/v1/messages").putHeader("x-api-key", CLIENT_KEY).putHeader("anthropic-version", "2023-06-01");
        body = new JsonObject().put("model", model).put("max_tokens", 64).put("stream", stream)
          .put("messages", new JsonArray().add(new JsonObject().put("role", "user").put("content", "hi")));
      }
      default -> {
        options.setURI("/v1beta/models/" + model + (stream ? ":streamGenerateContent?alt=sse" : ":generateContent"))
          .putHeader("x-goog-api-key", CLIENT_KEY);
        body = new JsonObject().put("contents", new JsonArray().add(new JsonObject().put("role", "user")
          .put("parts", new JsonArray().add(new JsonObject().put("text", "hi")))));
      }
    }
    return gw.exchange(options, body.toBuffer()).await();
  }
}
