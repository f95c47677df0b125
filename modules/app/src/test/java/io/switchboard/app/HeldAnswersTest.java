package io.switchboard.app;

import static io.switchboard.app.GatewayHarness.CLIENT_KEY;
import static io.switchboard.app.GatewayHarness.chat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.app.GatewayHarness.Reply;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The answers read whole hold at most {@code providers.heldAnswerBytes} between them: an answer that would pass it
 * while another is being read is refused, 503 with {@code Retry-After} in the client's dialect, counted, and the
 * account's circuit does not count it; the one being read is answered whole, and once it is, the next is too.
 * Without the bound, twenty 6 MiB answers at once ran the README's 112 MiB heap out, and four clients got a 200 with
 * part of their answer.
 */
class HeldAnswersTest extends GatewayTest {
  private static final String MODEL = "held-model";
  /** An answer of about 300 bytes: two would pass the bound. */
  private static final String ANSWER = new JsonObject().put("id", "chatcmpl-held").put("object", "chat.completion")
    .put("created", 1).put("model", MODEL).put("choices", new JsonArray().add(new JsonObject().put("index", 0)
      .put("message", new JsonObject().put("role", "assistant").put("content", "x".repeat(120)))
      .put("finish_reason", "stop")))
    .put("usage", new JsonObject().put("prompt_tokens", 5).put("completion_tokens", 7).put("total_tokens", 12))
    .encode();

  @Override
  protected JsonObject overrides() {
    return new JsonObject().put("providers", new JsonObject().put("heldAnswerBytes", ANSWER.length() + 100));
  }

  @Test
  void anAnswerThatWouldPassTheBoundWhileAnotherIsReadIsRefusedAndTheOtherIsAnsweredWhole() throws Exception {
    Promise<Void> restOfFirst = Promise.promise();
    CountDownLatch firstHeadWritten = new CountDownLatch(1);
    AtomicInteger asked = new AtomicInteger();
    HttpServer upstream = gw.vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      if (asked.incrementAndGet() > 1) {
        request.response().putHeader("content-type", "application/json").end(ANSWER);
        return;
      }
      // the first answer: its head and half of it, the rest when the test says
      request.response().putHeader("content-type", "application/json")
        .putHeader("content-length", String.valueOf(ANSWER.length())).write(ANSWER.substring(0, 150));
      firstHeadWritten.countDown();
      restOfFirst.future().onComplete(v -> request.response().end(ANSWER.substring(150)));
    })).listen(0, "127.0.0.1").await();
    ModelsPolling.addAccount(gw, "held", "openai", "http://127.0.0.1:" + upstream.actualPort() + "/v1", MODEL);
    Scrape before = LeavingClients.scrape(gw);

    Future<Reply> first = gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, false, null));
    assertTrue(firstHeadWritten.await(10, TimeUnit.SECONDS));
    Thread.sleep(300); // its head read by the adapter: its bytes are counted
    Reply refused = gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, false, null)).await(10, TimeUnit.SECONDS);

    assertEquals(503, refused.status(), refused.body().toString());
    assertEquals("1", refused.headers().get("retry-after"));
    JsonObject error = refused.json().getJsonObject("error");
    assertEquals("the gateway is holding as many answers read whole as it may (" + (ANSWER.length() + 100)
      + " bytes, providers.heldAnswerBytes): try again shortly", error.getString("message"));
    assertEquals("server_error", error.getString("type"));
    assertEquals(2, asked.get(), "not tried on another account, nor again");

    restOfFirst.complete();
    Reply whole = first.await(10, TimeUnit.SECONDS);
    assertEquals(200, whole.status(), whole.body().toString());
    assertEquals("x".repeat(120), whole.json().getJsonArray("choices").getJsonObject(0).getJsonObject("message")
      .getString("content"));
    Reply next = gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, false, null)).await(10, TimeUnit.SECONDS);
    assertEquals(200, next.status(), "what the first held is let go: " + next.body());

    Scrape after = LeavingClients.awaitCounted(gw, before, 3);
    assertEquals(1, after.sum("sb_refused_total", "reason", "answer_memory")
      - before.sum("sb_refused_total", "reason", "answer_memory"));
    assertEquals(0, after.sum("sb_account_circuit_state", "account", "held"), "the account's circuit stays closed");
    upstream.close().await();
  }
}
