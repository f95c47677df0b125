package io.switchboard.app;

import static io.switchboard.app.GatewayHarness.CLIENT_KEY;
import static io.switchboard.app.GatewayHarness.MODEL;
import static io.switchboard.app.GatewayHarness.chat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.app.GatewayHarness.Reply;
import io.switchboard.testkit.TestStorage;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A name the client chooses that would reach storage or logs (a model holding NUL, a model past 256 characters, an
 * end-user id with a control character, a session id past 256 characters) is a 400 in the route's own dialect,
 * before admission: it never reaches the upstream and leaves no usage row (a NUL model once made PostgreSQL refuse
 * the whole batch of rows it landed in, so the requests beside it were never charged).
 */
class ClientNamesTest extends GatewayTest {
  private static final String NUL_MODEL = "gpt\\u0000x"; // as JSON text

  @Test
  void aModelHoldingNulIs400InEveryDialectAndLeavesNoRow() throws Exception {
    assertOpenAi(gw.post("/v1/chat/completions", CLIENT_KEY, chat(NUL_MODEL, false, null)).await());
    assertOpenAi(gw.post("/v1/chat/completions", CLIENT_KEY, chat(NUL_MODEL, true, null)).await());
    assertOpenAi(gw.post("/v1/embeddings", CLIENT_KEY, "{\"model\":\"" + NUL_MODEL + "\",\"input\":\"hi\"}").await());
    String messages = "{\"model\":\"" + NUL_MODEL + "\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\","
      + "\"content\":\"hi\"}]}";
    assertAnthropic(anthropic("/v1/messages", messages));
    assertAnthropic(anthropic("/v1/messages/count_tokens", messages));
    assertGemini(gw.exchange(new RequestOptions().setMethod(HttpMethod.POST)
      .setURI("/v1beta/models/gpt%00x:generateContent").putHeader("content-type", "application/json")
      .putHeader("x-goog-api-key", CLIENT_KEY), Buffer.buffer(
        "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}]}")).await());

    assertOnlyTheGoodRequestLeavesARow();
  }

  @Test
  void otherBadNamesAre400AndLeaveNoRow() throws Exception {
    JsonObject tooLong = assertOpenAi(gw.post("/v1/chat/completions", CLIENT_KEY, chat("m".repeat(257), false, null))
      .await());
    assertTrue(tooLong.getString("message").contains("'model'"), tooLong.encode());
    assertOpenAi(gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, false, "\"user\":\"ann\\nroot\"")).await());
    assertOpenAi(gw.post("/v1/chat/completions", CLIENT_KEY,
      chat(MODEL, false, "\"metadata\":{\"team\":\"a\\u0007b\"}")).await());
    assertAnthropic(anthropic("/v1/messages", "{\"model\":\"" + MODEL + "\",\"max_tokens\":16,\"metadata\":"
      + "{\"user_id\":\"" + "u".repeat(300) + "\"},\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));
    assertOpenAi(gw.exchange(new RequestOptions().setMethod(HttpMethod.POST).setURI("/v1/chat/completions")
      .putHeader("content-type", "application/json").putHeader("authorization", "Bearer " + CLIENT_KEY)
      .putHeader("x-session-id", "s".repeat(300)), Buffer.buffer(chat(MODEL, false, null))).await());

    assertOnlyTheGoodRequestLeavesARow();
  }

  /** A good request after the bad ones: once its row is written, it is the only row. */
  private void assertOnlyTheGoodRequestLeavesARow() throws Exception {
    assertEquals(0, gw.mock.received().size(), "no bad request reached the upstream");
    assertEquals(200, gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, false, null)).await().status());
    assertEquals(List.of(MODEL), TestStorage.awaitRows("select model from usage_log where status = 200", 1));
    Thread.sleep(300); // a row of a bad request would have been written in the same or the previous batch
    assertEquals(List.of(MODEL), TestStorage.query("select model from usage_log"));
  }

  private Reply anthropic(String path, String body) {
    return gw.exchange(new RequestOptions().setMethod(HttpMethod.POST).setURI(path)
      .putHeader("content-type", "application/json").putHeader("x-api-key", CLIENT_KEY)
      .putHeader("anthropic-version", "2023-06-01"), Buffer.buffer(body)).await();
  }

  private static JsonObject assertOpenAi(Reply reply) {
    assertEquals(400, reply.status(), reply.body().toString());
    JsonObject error = reply.json().getJsonObject("error");
    assertEquals("invalid_request_error", error.getString("type"), reply.body().toString());
    return error;
  }

  private static void assertAnthropic(Reply reply) {
    assertEquals(400, reply.status(), reply.body().toString());
    assertEquals("error", reply.json().getString("type"));
    assertEquals("invalid_request_error", reply.json().getJsonObject("error").getString("type"));
  }

  private static void assertGemini(Reply reply) {
    assertEquals(400, reply.status(), reply.body().toString());
    assertEquals(400, reply.json().getJsonObject("error").getInteger("code"));
    assertEquals("INVALID_ARGUMENT", reply.json().getJsonObject("error").getString("status"));
  }
}
