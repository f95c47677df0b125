package io.switchboard.app;

import static io.switchboard.app.GatewayHarness.CLIENT_KEY;
import static io.switchboard.app.GatewayHarness.MODEL;
import static io.switchboard.app.GatewayHarness.chat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.app.GatewayHarness.Reply;
import io.switchboard.testkit.MockBehavior;
import io.switchboard.testkit.TestStorage;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The request bodies of the calls in flight hold at most {@code http.heldBodyBytes} between them: a body that would
 * pass it while another call holds its own is refused before it is read, 503 with {@code Retry-After} in the
 * client's dialect, counted, with no usage row; once that call has ended, the same body is served. Without the bound,
 * twenty 6 MiB bodies at once ran the README's 112 MiB heap out.
 */
class HeldBodiesTest extends GatewayTest {
  private static final int BOUND = 3000;

  @Override
  protected JsonObject overrides() {
    return new JsonObject().put("http", new JsonObject().put("heldBodyBytes", BOUND));
  }

  @Test
  void aBodyThatWouldPassTheBoundWhileAnotherCallHoldsItsOwnIsRefusedInTheClientsDialect() throws Exception {
    String openAi = chat(MODEL, false, null).replace("\"hi\"", "\"" + "h".repeat(1800) + "\""); // two pass 3,000
    String anthropic = "{\"model\":\"" + MODEL + "\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\",\"content\":\""
      + "a".repeat(1800) + "\"}]}";
    gw.mock.respondNext(MockBehavior.ok().withHeadersDelayMs(1500)); // the first call stays in flight 1.5 s
    Scrape before = LeavingClients.scrape(gw);
    Future<Reply> first = gw.post("/v1/chat/completions", CLIENT_KEY, openAi);
    long deadline = System.currentTimeMillis() + 10_000;
    while (gw.mock.received().isEmpty() && System.currentTimeMillis() < deadline) {
      Thread.sleep(10); // its body read and sent: it holds its bytes until it ends
    }

    Reply refused = gw.post("/v1/chat/completions", CLIENT_KEY, openAi).await(10, TimeUnit.SECONDS);
    assertEquals(503, refused.status(), refused.body().toString());
    assertEquals("1", refused.headers().get("retry-after"));
    JsonObject error = refused.json().getJsonObject("error");
    assertEquals("The gateway is holding as many request bodies as it may (3000 bytes, http.heldBodyBytes); please"
      + " retry shortly.", error.getString("message"));
    Reply refusedAnthropic = gw.post("/v1/messages", CLIENT_KEY, anthropic).await(10, TimeUnit.SECONDS);
    assertEquals(503, refusedAnthropic.status(), refusedAnthropic.body().toString());
    assertEquals("error", refusedAnthropic.json().getString("type"), "Anthropic's error shape");
    assertTrue(refusedAnthropic.json().getJsonObject("error").getString("message").contains("http.heldBodyBytes"));
    assertEquals(1, gw.mock.received().size(), "neither was sent upstream");

    assertEquals(200, first.await(10, TimeUnit.SECONDS).status());
    Reply afterwards = gw.post("/v1/chat/completions", CLIENT_KEY, openAi).await(10, TimeUnit.SECONDS);
    assertEquals(200, afterwards.status(), "what the first held is let go: " + afterwards.body());
    Scrape after = LeavingClients.awaitCounted(gw, before, 4);
    assertEquals(2, after.sum("sb_refused_total", "reason", "body_memory")
      - before.sum("sb_refused_total", "reason", "body_memory"));
    assertEquals(2, TestStorage.awaitRows("select request_id from usage_log", 2).size(),
      "a usage row for each call served, none for the refused");
  }
}
