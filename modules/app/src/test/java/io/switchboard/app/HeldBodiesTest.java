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
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The request bodies of the calls in flight hold at most {@code http.heldBodyBytes} between them: a body that would
 * pass it while another call holds its own is refused before it is read, 503 with {@code Retry-After} in the
 * client's dialect, counted, with no usage row; once that call has ended, the same body is served. A body that does
 * not say its length (chunked) is counted as its chunks arrive, and so is what a pass-through route keeps of a body.
 * Without the bound, twenty 6 MiB bodies at once ran
 * the README's 112 MiB heap out.
 */
class HeldBodiesTest extends GatewayTest {
  private static final int BOUND = 3000;
  private static final int MAX_BODY = 8000;

  @Override
  protected JsonObject overrides() {
    return new JsonObject().put("http", new JsonObject().put("heldBodyBytes", BOUND).put("maxBodyBytes", MAX_BODY));
  }

  @Test
  void aBodyThatWouldPassTheBoundWhileAnotherCallHoldsItsOwnIsRefusedInTheClientsDialect() throws Exception {
    String openAi = chat(MODEL, false, null).replace("\"hi\"", "\"" + "h".repeat(1800) + "\""); // two pass 3,000
    String anthropic = "{\"model\":\"" + MODEL + "\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\",\"content\":\""
      + "a".repeat(1800) + "\"}]}";
    gw.mock.respondNext(MockBehavior.ok().withHeadersDelayMs(1500)); // the first call stays in flight 1.5 s
    Scrape before = LeavingClients.scrape(gw);
    Future<Reply> first = gw.post("/v1/chat/completions", CLIENT_KEY, openAi);
    gw.mock.awaitReceived(1); // its body read and sent: it holds its bytes until it ends

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

  @Test
  void aBodyThatDoesNotSayItsLengthIsCountedAsItsChunksArrive() throws Exception {
    String alone = chat(MODEL, false, null).replace("\"hi\"", "\"" + "a".repeat(4000) + "\"");
    Reply servedAlone = chunked(alone, 1000).await(10, TimeUnit.SECONDS);
    assertEquals(200, servedAlone.status(), "a body alone is read past the bound: " + servedAlone.body());
    assertEquals(alone, gw.mock.received().get(0).body().toString(), "sent upstream whole");
    String tooLarge = chat(MODEL, false, null).replace("\"hi\"", "\"" + "t".repeat(MAX_BODY) + "\"");
    Reply refusedLarge = chunked(tooLarge, 1000).await(10, TimeUnit.SECONDS);
    assertEquals(413, refusedLarge.status(), refusedLarge.body().toString());
    assertEquals("The request body is larger than the 8000 bytes this gateway accepts.",
      refusedLarge.json().getJsonObject("error").getString("message"));

    String openAi = chat(MODEL, false, null).replace("\"hi\"", "\"" + "h".repeat(1800) + "\"");
    gw.mock.respondNext(MockBehavior.ok().withHeadersDelayMs(1500)); // this call stays in flight 1.5 s
    Scrape before = LeavingClients.scrape(gw);
    Future<Reply> first = gw.post("/v1/chat/completions", CLIENT_KEY, openAi);
    gw.mock.awaitReceived(2);
    Reply refused = chunked(openAi, 600).await(10, TimeUnit.SECONDS); // its second chunk passes 3,000
    assertEquals(503, refused.status(), refused.body().toString());
    assertEquals("1", refused.headers().get("retry-after"));
    assertTrue(refused.json().getJsonObject("error").getString("message").contains("http.heldBodyBytes"));
    assertEquals(2, gw.mock.received().size(), "not sent upstream");

    assertEquals(200, first.await(10, TimeUnit.SECONDS).status());
    assertEquals(200, chunked(openAi, 600).await(10, TimeUnit.SECONDS).status(), "served once the call ended");
    // nothing the chunked bodies held is left counted: a body within 600 bytes of the bound is served
    String nearBound = chat(MODEL, false, null).replace("\"hi\"", "\"" + "n".repeat(2850) + "\"");
    assertTrue(nearBound.length() > BOUND - 600 && nearBound.length() <= BOUND, String.valueOf(nearBound.length()));
    Reply last = gw.post("/v1/chat/completions", CLIENT_KEY, nearBound).await(10, TimeUnit.SECONDS);
    assertEquals(200, last.status(), last.body().toString());
    LeavingClients.awaitCounted(gw, before, 4);
    assertEquals(1, LeavingClients.scrape(gw).sum("sb_refused_total", "reason", "body_memory")
      - before.sum("sb_refused_total", "reason", "body_memory"));
    assertEquals(4, TestStorage.awaitRows("select request_id from usage_log", 4).size(),
      "a usage row for each call served, none for the refused");
  }

  @Test
  void whatAPassThroughRouteKeepsOfABodyCountsAmongThem() throws Exception {
    String openAi = chat(MODEL, false, null).replace("\"hi\"", "\"" + "h".repeat(1800) + "\"");
    gw.mock.respondNext(MockBehavior.ok().withHeadersDelayMs(1500)); // this call stays in flight 1.5 s
    Scrape before = LeavingClients.scrape(gw);
    Future<Reply> first = gw.post("/v1/chat/completions", CLIENT_KEY, openAi);
    gw.mock.awaitReceived(1);
    RequestOptions upload = new RequestOptions().setMethod(HttpMethod.POST).setURI("/proxy/openai/upload")
      .putHeader("authorization", "Bearer " + CLIENT_KEY).putHeader("content-type", "application/octet-stream");
    Buffer body = Buffer.buffer("u".repeat(2000)); // read whole (under passThrough.bufferBytes): with the call's, 3,850

    Reply refused = gw.exchange(upload, body).await(10, TimeUnit.SECONDS);
    assertEquals(503, refused.status(), refused.body().toString());
    assertEquals("1", refused.headers().get("retry-after"));
    assertTrue(refused.json().getJsonObject("error").getString("message").contains("http.heldBodyBytes"));
    assertEquals(1, gw.mock.received().size(), "not sent upstream");

    assertEquals(200, first.await(10, TimeUnit.SECONDS).status());
    Reply served = gw.exchange(upload, body).await(10, TimeUnit.SECONDS);
    assertEquals(200, served.status(), "served once the call ended: " + served.body());
    assertEquals(2000, served.json().getInteger("bytes"));
    Reply again = gw.exchange(upload, body).await(10, TimeUnit.SECONDS);
    assertEquals(200, again.status(), "and let go after: " + again.body());
    LeavingClients.awaitCounted(gw, before, 4);
    assertEquals(1, LeavingClients.scrape(gw).sum("sb_refused_total", "reason", "body_memory")
      - before.sum("sb_refused_total", "reason", "body_memory"));
  }

  /** A chat request whose body goes chunked ({@code transfer-encoding: chunked}, no length), in chunks of this size. */
  private Future<Reply> chunked(String body, int chunkBytes) {
    Promise<Reply> reply = Promise.promise();
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setURI("/v1/chat/completions")
      .putHeader("content-type", "application/json").putHeader("authorization", "Bearer " + CLIENT_KEY);
    gw.vertx.getOrCreateContext().runOnContext(v -> gw.client.request(options)
      .compose(request -> {
        request.setChunked(true);
        for (int at = 0; at < body.length(); at += chunkBytes) {
          request.write(body.substring(at, Math.min(body.length(), at + chunkBytes)));
        }
        request.end();
        return request.response();
      })
      .compose(response -> response.body().map(b -> new Reply(response.statusCode(), response.headers(), b)))
      .onComplete(reply));
    return reply.future();
  }
}
