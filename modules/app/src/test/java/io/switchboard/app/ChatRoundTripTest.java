package io.switchboard.app;

import static io.switchboard.app.GatewayHarness.CLIENT_KEY;
import static io.switchboard.app.GatewayHarness.MODEL;
import static io.switchboard.app.GatewayHarness.UPSTREAM_KEY;
import static io.switchboard.testkit.TestStorage.awaitRows;
import static io.switchboard.app.GatewayHarness.chat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.app.GatewayHarness.Reply;
import io.switchboard.testkit.MockBehavior;
import io.switchboard.testkit.MockUpstream;
import io.switchboard.testkit.ReceivedRequest;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An OpenAI client through every role to an OpenAI-compatible upstream and back, plain and streamed. */
class ChatRoundTripTest extends GatewayTest {

  @Test
  void plainRequestReturnsTheUpstreamAnswerAndRecordsItsUsage() throws Exception {
    MockBehavior behavior = MockBehavior.ok().withChunks(4).withUsage(17, 4, 5);
    gw.mock.respond(behavior);

    Reply reply = gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, false, "\"temperature\":0.2")).await();

    assertEquals(200, reply.status());
    assertEquals(MockUpstream.completionJson(MODEL, behavior), reply.body().toString());
    assertTrue(reply.headers().get("content-type").startsWith("application/json"));
    ReceivedRequest upstream = gw.mock.received().get(0);
    assertEquals("Bearer " + UPSTREAM_KEY, upstream.headers().get("authorization"), "the account's key, not the client's");
    assertEquals(0.2, upstream.json().getDouble("temperature"), "fields pass through");
    assertFalse(upstream.json().containsKey("stream_options"), "no stream options on a plain request");

    List<String> rows = awaitRows("select concat_ws('|', k.name, a.name, u.model, u.input_tokens, u.output_tokens, "
      + "u.cached_tokens, u.status, u.stream, u.outcome, u.latency_ms >= 0, u.ttfb_ms is not null) from usage_log u "
      + "join api_keys k on k.id = u.key_id join accounts a on a.id = u.account_id", 1);
    assertEquals(List.of("client|mock|gpt-4o-mini|17|4|5|200|f|ok|t|t"), rows);
  }

  @Test
  void streamArrivesByteForByteWithoutTheInjectedUsageChunk() throws Exception {
    MockBehavior behavior = MockBehavior.ok().withChunks(25).withUsage(9, 25, 0);
    gw.mock.respond(behavior);

    Reply reply = gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, true, null)).await();

    assertEquals(200, reply.status());
    assertTrue(reply.headers().get("content-type").startsWith("text/event-stream"));
    String upstreamSent = gw.mock.lastStreamBody().toString();
    String usageEvent = "data: " + MockUpstream.usageChunkJson(MODEL, behavior) + "\n\n";
    assertTrue(upstreamSent.contains(usageEvent), "the gateway asked for usage, so the upstream sent it");
    assertEquals(upstreamSent.replace(usageEvent, ""), reply.body().toString());
    assertTrue(reply.body().toString().endsWith("data: [DONE]\n\n"));
    JsonObject sentUpstream = gw.mock.received().get(0).json();
    assertEquals(Boolean.TRUE, sentUpstream.getJsonObject("stream_options").getBoolean("include_usage"));

    List<String> rows = awaitRows("select concat_ws('|', input_tokens, output_tokens, status, stream, outcome, "
      + "ttfb_ms is not null) from usage_log", 1);
    assertEquals(List.of("9|25|200|t|ok|t"), rows);
  }

  @Test
  void streamKeepsTheUsageChunkWhenTheClientAskedForIt() throws Exception {
    MockBehavior behavior = MockBehavior.ok().withChunks(5).withUsage(3, 5, 1);
    gw.mock.respond(behavior);

    Reply reply = gw.post("/v1/chat/completions", CLIENT_KEY,
      chat(MODEL, true, "\"stream_options\":{\"include_usage\":true}")).await();

    assertEquals(gw.mock.lastStreamBody().toString(), reply.body().toString());
    assertTrue(reply.body().toString().contains(MockUpstream.usageChunkJson(MODEL, behavior)));
    assertEquals(List.of("3|5|1"), awaitRows(
      "select concat_ws('|', input_tokens, output_tokens, cached_tokens) from usage_log", 1));
  }

  @Test
  void everyAnswerCarriesTheGatewayRequestIdThatNamesItsUsageRow() throws Exception {
    Reply ok = gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, true, null)).await();
    Reply refused = gw.post("/v1/chat/completions", CLIENT_KEY, chat("no-such-model", false, null)).await();

    assertTrue(ok.headers().get("x-request-id").startsWith("req_"));
    assertTrue(refused.headers().get("x-request-id").startsWith("req_"));
    assertEquals(List.of(ok.headers().get("x-request-id") + "|200", refused.headers().get("x-request-id") + "|404"),
      awaitRows("select concat_ws('|', request_id, status) from usage_log order by status", 2));
  }

  @Test
  void secretsAreStoredOnlyHashedOrEncrypted() throws Exception {
    String stored = String.join(" ", io.switchboard.testkit.TestStorage.query(
      "select concat_ws(' ', key_hash, display_prefix) from api_keys union all "
        + "select encode(credential, 'escape') from accounts"));
    assertFalse(stored.contains(CLIENT_KEY) || stored.contains(GatewayHarness.LIMITED_KEY), "a client key in clear");
    assertFalse(stored.contains(UPSTREAM_KEY), "the upstream credential in clear");
    assertTrue(stored.contains(io.switchboard.api.ApiKeys.sha256Hex(CLIENT_KEY)));
  }

  @Test
  void modelsListsWhatTheKeyMayUse() throws Exception {
    Reply all = gw.get("/v1/models", CLIENT_KEY).await();
    Reply limited = gw.get("/v1/models", GatewayHarness.LIMITED_KEY).await();

    assertEquals(200, all.status());
    assertEquals("list", all.json().getString("object"));
    assertEquals(List.of("gpt-4o", "gpt-4o-mini"), all.json().getJsonArray("data").stream()
      .map(m -> ((JsonObject) m).getString("id")).toList());
    assertEquals(List.of("gpt-4o-mini"), limited.json().getJsonArray("data").stream()
      .map(m -> ((JsonObject) m).getString("id")).toList());
  }

  @Test
  void healthzAnswers() {
    Reply reply = gw.get("/healthz", null).await();
    assertEquals(200, reply.status());
    assertEquals("ok", reply.json().getString("status"));
  }
}
