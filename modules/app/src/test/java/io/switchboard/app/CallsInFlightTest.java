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
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * At most {@code http.maxCallsInFlight} calls to upstreams are in flight at once in a process: one more is refused
 * before its body is read, 503 with {@code Retry-After} in the client's dialect (pass-through too), counted, never
 * sent upstream, with no usage row; once the calls ahead of it end, the same request is served. Without the bound,
 * 6,000 calls at once on a slow upstream ran the README's 112 MiB heap out and the event loop died: every one failed.
 */
class CallsInFlightTest extends GatewayTest {
  private static final int MAX = 2;

  @Override
  protected JsonObject overrides() {
    return new JsonObject().put("http", new JsonObject().put("maxCallsInFlight", MAX));
  }

  @Test
  void aCallPastTheBoundIsRefusedInItsClientsDialectUntilTheCallsAheadOfItEnd() throws Exception {
    gw.mock.respondNext(MockBehavior.ok().withHeadersDelayMs(1500), MockBehavior.ok().withHeadersDelayMs(1500));
    Scrape before = LeavingClients.scrape(gw);
    Future<Reply> first = gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, false, null));
    Future<Reply> second = gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, true, null));
    gw.mock.awaitReceived(MAX); // both in flight, waiting for their heads
    String anthropic = "{\"model\":\"" + MODEL + "\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\","
      + "\"content\":\"hi\"}]}";
    RequestOptions upload = new RequestOptions().setMethod(HttpMethod.POST).setURI("/proxy/openai/upload")
      .putHeader("authorization", "Bearer " + CLIENT_KEY).putHeader("content-type", "application/octet-stream");

    Reply refused = gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, false, null)).await(10, TimeUnit.SECONDS);
    assertEquals(503, refused.status(), refused.body().toString());
    assertEquals("1", refused.headers().get("retry-after"));
    assertEquals("The gateway is serving as many calls at once as it may (2, http.maxCallsInFlight); please retry"
      + " shortly.", refused.json().getJsonObject("error").getString("message"));
    Reply refusedAnthropic = gw.post("/v1/messages", CLIENT_KEY, anthropic).await(10, TimeUnit.SECONDS);
    assertEquals(503, refusedAnthropic.status(), refusedAnthropic.body().toString());
    assertEquals("error", refusedAnthropic.json().getString("type"), "Anthropic's error shape");
    Reply refusedUpload = gw.exchange(upload, Buffer.buffer("upload")).await(10, TimeUnit.SECONDS);
    assertEquals(503, refusedUpload.status(), refusedUpload.body().toString());
    assertTrue(refusedUpload.json().getJsonObject("error").getString("message").contains("http.maxCallsInFlight"));
    // a call is counted once its key is good: unknown keys, however many, never take a call's place
    Reply unknown = gw.post("/v1/chat/completions", "sb-not-a-key", chat(MODEL, false, null))
      .await(10, TimeUnit.SECONDS);
    assertEquals(401, unknown.status(), unknown.body().toString());
    RequestOptions unknownUpload = new RequestOptions().setMethod(HttpMethod.POST).setURI("/proxy/openai/upload")
      .putHeader("authorization", "Bearer sb-not-a-key").putHeader("content-type", "application/octet-stream");
    Reply unknownUploadReply = gw.exchange(unknownUpload, Buffer.buffer("upload")).await(10, TimeUnit.SECONDS);
    assertEquals(401, unknownUploadReply.status(), unknownUploadReply.body().toString());
    assertEquals(MAX, gw.mock.received().size(), "none of them sent upstream");

    assertEquals(200, first.await(10, TimeUnit.SECONDS).status());
    assertEquals(200, second.await(10, TimeUnit.SECONDS).status());
    assertEquals(200, gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, false, null))
      .await(10, TimeUnit.SECONDS).status(), "served once the calls ahead of it ended");
    assertEquals(200, gw.post("/v1/messages", CLIENT_KEY, anthropic).await(10, TimeUnit.SECONDS).status());
    assertEquals(200, gw.exchange(upload, Buffer.buffer("upload")).await(10, TimeUnit.SECONDS).status());
    Scrape after = LeavingClients.awaitCounted(gw, before, 8);
    assertEquals(3, after.sum("sb_refused_total", "reason", "calls_in_flight")
      - before.sum("sb_refused_total", "reason", "calls_in_flight"));
    assertEquals(5, TestStorage.awaitRows("select request_id from usage_log", 5).size(),
      "a usage row for each call served, none for the refused");
  }
}
