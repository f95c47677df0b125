package io.switchboard.app;

import static io.switchboard.app.GatewayHarness.CLIENT_KEY;
import static io.switchboard.app.GatewayHarness.MODEL;
import static io.switchboard.app.GatewayHarness.chat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testkit.TestStorage;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The console's playground relay: a request sent on the admin port with a typed client key goes through the client
 * port and its answer comes back as the client port gave it (status, body, streamed and uncompressed), in each
 * dialect; the key is never logged.
 */
class PlaygroundProxyTest extends AdminTest {
  private static final String KEY_HEADER = "x-playground-key";

  @Test
  void aStreamComesBackAsTheClientPortSentItAndTheKeyIsNeverLogged() {
    CapturedLogs logs = CapturedLogs.attach();
    try {
      String token = admin.loginAdmin();
      GatewayHarness.Reply direct = gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, true, null)).await();
      GatewayHarness.Reply relayed = send(token, "openai", chat(MODEL, true, null), CLIENT_KEY,
        Map.of("accept-encoding", "gzip"));
      assertEquals(200, relayed.status(), relayed.body().toString());
      assertTrue(relayed.headers().get("content-type").startsWith("text/event-stream"), relayed.headers().toString());
      assertNull(relayed.headers().get("content-encoding"), "a stream is relayed uncompressed");
      assertEquals(direct.body().toString().replaceAll("\"id\":\"[^\"]*\"", ""),
        relayed.body().toString().replaceAll("\"id\":\"[^\"]*\"", ""));
      assertTrue(relayed.body().toString().endsWith("data: [DONE]\n\n"));

      GatewayHarness.Reply anthropic = send(token, "anthropic", "{\"model\":\"" + MODEL + "\",\"max_tokens\":64,"
        + "\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", CLIENT_KEY, Map.of());
      assertEquals(200, anthropic.status(), anthropic.body().toString());
      assertTrue(anthropic.body().toString().contains("event: message_stop"), anthropic.body().toString());

      GatewayHarness.Reply responses = send(token, "responses", "{\"model\":\"" + MODEL + "\",\"stream\":true,"
        + "\"input\":\"hi\"}", CLIENT_KEY, Map.of());
      assertEquals(200, responses.status(), responses.body().toString());
      assertTrue(responses.body().toString().contains("event: response.output_text.delta"), responses.body().toString());
      assertTrue(responses.body().toString().contains("event: response.completed"), responses.body().toString());

      GatewayHarness.Reply gemini = admin.call(HttpMethod.POST, "/admin/playground/gemini?model=" + MODEL
        + "&stream=false", token, "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}]}",
        Map.of(KEY_HEADER, CLIENT_KEY));
      assertEquals(200, gemini.status(), gemini.body().toString());
      assertTrue(gemini.json().containsKey("candidates"), gemini.body().toString());

      GatewayHarness.Reply models = admin.call(HttpMethod.GET, "/admin/playground/openai/models", token, null,
        Map.of(KEY_HEADER, CLIENT_KEY));
      assertTrue(models.json().getJsonArray("data").stream()
        .anyMatch(m -> MODEL.equals(((JsonObject) m).getString("id"))), models.body().toString());
      assertTrue(logs.lines().stream().noneMatch(line -> line.contains(CLIENT_KEY)), "the typed key is never logged");
    } finally {
      logs.detach();
    }
  }

  @Test
  void theClientPortsOwnErrorsComeBackAndTheRelayNamesWhatIsMissing() throws Exception {
    String token = admin.loginAdmin();
    GatewayHarness.Reply wrongKey = send(token, "openai", chat(MODEL, false, null), "sb-not-a-key-000000000000",
      Map.of());
    assertEquals(401, wrongKey.status());
    assertEquals("invalid_api_key", wrongKey.json().getJsonObject("error").getString("code"), "OpenAI's own shape");
    assertEquals("x-playground-key", field(admin.call(HttpMethod.POST, "/admin/playground/openai", token,
      chat(MODEL, false, null))));
    assertEquals("model", field(send(token, "gemini", "{}", CLIENT_KEY, Map.of())));
    assertEquals("dialect", field(send(token, "cohere", "{}", CLIENT_KEY, Map.of())));
    assertEquals("body", field(admin.call(HttpMethod.POST, "/admin/playground/openai", token, null,
      Map.of(KEY_HEADER, CLIENT_KEY))));
    assertEquals(401, send(null, "openai", chat(MODEL, false, null), CLIENT_KEY, Map.of()).status(),
      "only signed-in users may use the relay");
    assertEquals(List.of(), TestStorage.query("select 1 from usage_log where status = 200"),
      "nothing reached the upstream");
  }

  private GatewayHarness.Reply send(String token, String dialect, String body, String key, Map<String, String> more) {
    Map<String, String> headers = new java.util.HashMap<>(more);
    headers.put(KEY_HEADER, key);
    return admin.call(HttpMethod.POST, "/admin/playground/" + dialect, token, body, headers);
  }

  private static String field(GatewayHarness.Reply reply) {
    assertEquals(400, reply.status(), reply.body().toString());
    return reply.json().getJsonObject("error").getString("field");
  }
}
