package io.switchboard.app;

import static io.switchboard.app.GatewayHarness.CLIENT_KEY;
import static io.switchboard.app.GatewayHarness.MODEL;
import static io.switchboard.app.GatewayHarness.chat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testkit.MockBehavior;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a client sees of the upstream's answer headers, whole, streamed and failed: never the upstream's request id
 * (the gateway's own names the usage row), the upstream's rate-limit headers only on a key without limits of its
 * own (a key with limits gets its own), the rest as the upstream sent it on an answer (a failure passes on only
 * its back-off headers).
 */
class UpstreamHeadersTest extends GatewayTest {
  private static final String LIMITED = "sb-test-headers-limited-01";
  private static final Map<String, String> UPSTREAM = Map.of("x-request-id", "req_upstream_1",
    "x-ratelimit-limit-requests", "5000", "anthropic-ratelimit-tokens-limit", "80000", "openai-processing-ms", "7");

  @Override
  protected JsonObject overrides() {
    return new JsonObject().put("bootstrap", new JsonObject().put("keys", new JsonArray()
      .add(new JsonObject().put("name", "open").put("key", CLIENT_KEY).put("models", new JsonArray().add("*")))
      .add(new JsonObject().put("name", "limited").put("key", LIMITED).put("models", new JsonArray().add("*"))
        .put("rpm", 100))));
  }

  @Test
  void theClientSeesTheUpstreamsHeadersLessItsRequestIdAndOnAKeyWithLimitsLessItsRateLimits() throws Exception {
    gw.mock.answerHeaders(UPSTREAM);
    for (boolean stream : List.of(false, true)) {
      GatewayHarness.Reply open = gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, stream, null)).await();
      assertEquals(200, open.status(), "stream " + stream);
      assertGatewaysRequestId(open);
      assertEquals("7", open.headers().get("openai-processing-ms"), "stream " + stream);
      assertEquals("5000", open.headers().get("x-ratelimit-limit-requests"), "stream " + stream);
      assertEquals("80000", open.headers().get("anthropic-ratelimit-tokens-limit"), "stream " + stream);

      GatewayHarness.Reply limited = gw.post("/v1/chat/completions", LIMITED, chat(MODEL, stream, null)).await();
      assertEquals(200, limited.status(), "stream " + stream);
      assertGatewaysRequestId(limited);
      assertEquals("7", limited.headers().get("openai-processing-ms"), "stream " + stream);
      assertEquals("100", limited.headers().get("x-ratelimit-limit-requests"), "the key's own, stream " + stream);
      assertEquals(null, limited.headers().get("anthropic-ratelimit-tokens-limit"), "stream " + stream);
    }

    // a failure passes on only what tells a client when to come back: the rate-limit headers, for a key without
    // limits of its own
    gw.mock.respond(MockBehavior.ok().withStatus(400));
    GatewayHarness.Reply openFailed = gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, false, null)).await();
    assertEquals(400, openFailed.status());
    assertGatewaysRequestId(openFailed);
    assertEquals("5000", openFailed.headers().get("x-ratelimit-limit-requests"));
    assertEquals(null, openFailed.headers().get("openai-processing-ms"));
    GatewayHarness.Reply failed = gw.post("/v1/chat/completions", LIMITED, chat(MODEL, false, null)).await();
    assertEquals(400, failed.status());
    assertGatewaysRequestId(failed);
    assertEquals("100", failed.headers().get("x-ratelimit-limit-requests"), "the key's own");
    assertEquals(null, failed.headers().get("anthropic-ratelimit-tokens-limit"));
  }

  private static void assertGatewaysRequestId(GatewayHarness.Reply reply) {
    List<String> ids = reply.headers().getAll("x-request-id");
    assertEquals(1, ids.size(), ids.toString());
    assertNotEquals("req_upstream_1", ids.get(0));
    assertTrue(ids.get(0).startsWith("req_"), ids.get(0));
  }
}
