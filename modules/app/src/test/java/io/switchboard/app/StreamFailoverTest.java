package io.switchboard.app;

import static io.switchboard.app.GatewayHarness.CLIENT_KEY;
import static io.switchboard.app.GatewayHarness.chat;
import static io.switchboard.app.UpstreamFleet.MODEL;
import static io.switchboard.testkit.TestStorage.awaitRows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.app.GatewayHarness.Reply;
import io.switchboard.testkit.MockBehavior;
import io.switchboard.testkit.MockUpstream;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Streams fail over only before their first byte; after it the client is told in-band; timeouts are named. */
class StreamFailoverTest extends GatewayTest {
  private UpstreamFleet fleet;

  @Override
  protected JsonObject overrides() {
    return new JsonObject().put("scheduler", new JsonObject().put("stickyTtlMs", 0))
      .put("providers", new JsonObject().put("openai", new JsonObject().put("ttfbTimeoutMs", 400)
        .put("streamIdleTimeoutMs", 1000).put("totalTimeoutMs", 2500)));
  }

  @BeforeEach
  void fleet() {
    fleet = new UpstreamFleet(gw);
  }

  @AfterEach
  void closeFleet() {
    fleet.close();
  }

  @Test
  void aStreamFailingBeforeItsFirstByteFailsOver() throws Exception {
    fleet.add("failing", 10).respond(MockBehavior.ok().withStatus(500));
    fleet.add("healthy", 0).respond(MockBehavior.ok().withChunks(4));

    Reply reply = gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, true, null)).await();

    assertEquals(200, reply.status());
    assertEquals("tok0 tok1 tok2 tok3 ", ClientView.read(io.switchboard.api.Dialect.OPENAI, true, reply.body()).text());
    assertEquals(Map.of("failing", 1, "healthy", 1), fleet.received());
    assertEquals(List.of("200|ok|healthy|4"), awaitRows("select concat_ws('|', u.status, u.outcome, a.name, "
      + "u.output_tokens) from usage_log u join accounts a on a.id = u.account_id", 1));
  }

  @Test
  void aStreamBrokenAfterItsFirstByteEndsWithAnInBandErrorAndKeepsItsUsage() throws Exception {
    fleet.add("breaking", 10).respond(MockBehavior.ok().withChunks(6).withAbortAfterChunks(2));
    fleet.add("spare", 0);

    Reply reply = gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, true, null)).await();

    assertEquals(200, reply.status(), "the head had gone out");
    String body = reply.body().toString();
    assertTrue(body.startsWith("data: "), body);
    assertTrue(body.contains("tok0 ") && body.contains("tok1 "), body);
    assertTrue(body.contains("data: {\"error\":"), "an in-band error in OpenAI's shape: " + body);
    assertEquals(Map.of("breaking", 1, "spare", 0), fleet.received(), "nothing is retried after the first byte");
    assertEquals(List.of("200|UPSTREAM_ERROR|stream_error|breaking"), awaitRows("select concat_ws('|', u.status, "
      + "u.outcome, u.error_class, a.name) from usage_log u join accounts a on a.id = u.account_id", 1));
  }

  @Test
  void anUpstreamSlowerThanTheTimeToFirstByteLimitFailsOverAndIsNamed() throws Exception {
    fleet.add("sluggish", 10).respond(MockBehavior.ok().withHeadersDelayMs(3000));
    fleet.add("quick", 0);

    Reply reply = gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, true, null)).await();

    assertEquals(200, reply.status());
    assertEquals(Map.of("sluggish", 1, "quick", 1), fleet.received());
    assertEquals(List.of("200|ok|quick"), awaitRows("select concat_ws('|', u.status, u.outcome, a.name) "
      + "from usage_log u join accounts a on a.id = u.account_id", 1));
  }

  @Test
  void everyTimeoutHasItsOwnErrorClassInTheUsageRow() throws Exception {
    MockUpstream only = fleet.add("only", 0);
    only.respond(MockBehavior.ok().withHeadersDelayMs(3000));
    Reply late = gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, false, null)).await();
    assertEquals(504, late.status());
    assertTrue(late.json().getJsonObject("error").getString("message").contains("did not begin its answer within 400 ms"),
      late.body().toString());

    only.respond(MockBehavior.ok().withChunks(5).withChunkDelayMs(1500));
    Reply stalled = gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, true, null)).await();
    assertEquals(200, stalled.status());
    assertTrue(stalled.body().toString().contains("sent nothing for 1000 ms"), stalled.body().toString());

    assertEquals(List.of("504|UPSTREAM_TIMEOUT|ttfb_timeout|f", "200|UPSTREAM_ERROR|idle_timeout|t"),
      awaitRows("select concat_ws('|', status, outcome, error_class, stream) from usage_log order by created_at", 2));
  }

  @Test
  void aStreamNeverSilentButLongerThanTheTotalLimitIsCutAndNamed() throws Exception {
    // a chunk every 50 ms for 3 s: far from the 1000 ms idle limit, also when the machine stalls a while
    fleet.add("chatty", 0).respond(MockBehavior.ok().withChunks(60).withChunkDelayMs(50));

    Reply overlong = gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, true, null)).await();

    assertEquals(200, overlong.status());
    String told = overlong.body().toString();
    assertTrue(told.contains("tok0 ") && told.contains("did not finish its answer within 2500 ms"), told);
    assertFalse(told.contains("tok59 "), told);
    assertEquals(List.of("200|UPSTREAM_ERROR|total_timeout|t"),
      awaitRows("select concat_ws('|', status, outcome, error_class, stream) from usage_log", 1));
  }
}
