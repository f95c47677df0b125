package io.switchboard.app;

import static io.switchboard.app.GatewayHarness.CLIENT_KEY;
import static io.switchboard.app.GatewayHarness.MODEL;
import static io.switchboard.app.GatewayHarness.chat;
import static io.switchboard.testkit.TestStorage.awaitRows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.app.GatewayHarness.Reply;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An upstream answer read whole is held in the heap while it is converted, so it is bounded
 * ({@code providers.<kind>.maxAnswerBytes}): one larger is refused in the client's dialect, recorded as
 * {@code client_error} (its size comes from the request: the account's circuit does not count it) and not tried
 * again on another account; a stream, which is never held whole, is not bounded.
 */
class AnswerSizeLimitTest extends GatewayTest {
  /** The mock's plain answer is about 450 bytes. */
  private static final int LIMIT = 300;

  @Override
  protected JsonObject overrides() {
    return new JsonObject().put("providers", new JsonObject().put("defaults", new JsonObject()
      .put("maxAnswerBytes", LIMIT)));
  }

  @Test
  void aPlainAnswerPastTheLimitIsTheUpstreamsFailureInTheClientsDialect() throws Exception {
    Reply openAi = gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, false, null)).await();
    assertEquals(502, openAi.status(), openAi.body().toString());
    JsonObject error = openAi.json().getJsonObject("error");
    assertTrue(error.getString("message").contains("the upstream's answer is larger than 300 bytes"
      + " (the adapter's maxAnswerBytes)"), error.encode());
    assertEquals(1, gw.mock.received().size(), "not tried again");

    Reply anthropic = gw.exchange(new RequestOptions().setMethod(HttpMethod.POST).setURI("/v1/messages")
      .putHeader("x-api-key", CLIENT_KEY).putHeader("anthropic-version", "2023-06-01")
      .putHeader("content-type", "application/json"), Buffer.buffer("{\"model\":\"" + MODEL
      + "\",\"max_tokens\":64,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).await();
    assertEquals(502, anthropic.status(), anthropic.body().toString());
    assertEquals("error", anthropic.json().getString("type"));
    assertEquals("api_error", anthropic.json().getJsonObject("error").getString("type"));

    assertEquals(List.of("502|client_error", "502|client_error"), awaitRows("select concat_ws('|', status,"
      + " error_class) from usage_log", 2));
  }

  @Test
  void answersPastTheLimitDoNotOpenTheAccountsCircuit() {
    for (int i = 0; i < 7; i++) { // the circuit opens after 5 failures in a row that count
      assertEquals(502, gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, false, null)).await().status());
    }
    Reply stream = gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, true, null)).await();
    assertEquals(200, stream.status(), "the account still serves: " + stream.body());
  }

  @Test
  void aStreamIsNotBoundedByIt() {
    Reply stream = gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, true, null)).await();
    assertEquals(200, stream.status());
    assertTrue(stream.body().length() > LIMIT, "the whole stream: " + stream.body().length() + " bytes");
    assertTrue(stream.body().toString().endsWith("data: [DONE]\n\n"), stream.body().toString());
  }
}
