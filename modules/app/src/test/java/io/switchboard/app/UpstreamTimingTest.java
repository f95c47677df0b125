package io.switchboard.app;

import static io.switchboard.app.GatewayHarness.CLIENT_KEY;
import static io.switchboard.app.GatewayHarness.MODEL;
import static io.switchboard.app.GatewayHarness.chat;
import static io.switchboard.testkit.TestStorage.awaitRows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.app.GatewayHarness.Reply;
import io.switchboard.testkit.MockBehavior;
import io.switchboard.testkit.MockUpstream;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An upstream too slow to answer, or gone before its first byte: the client is told, the row says so. */
class UpstreamTimingTest extends GatewayTest {

  @Override
  protected JsonObject overrides() {
    return new JsonObject().put("ingress", new JsonObject().put("upstreamTimeoutMs", 500));
  }

  /**
   * Answers first, plain and streamed: the limit is 500 ms, and the first request of a fresh JVM (its classes loaded,
   * its pools and clients made, nothing compiled yet) took 477 ms in a test run on its own.
   */
  private void firstAnswer() {
    assertEquals(200, gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, false, null)).await().status());
    assertEquals(200, gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, true, null)).await().status());
  }

  @Test
  void aHeadThatComesTooLateIs504AndLeavesNothingBehind() throws Exception {
    firstAnswer();
    gw.mock.respond(MockBehavior.ok().withChunks(50).withHeadersDelayMs(1500));

    Reply late = gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, true, null)).await();

    assertEquals(504, late.status());
    assertEquals("server_error", late.json().getJsonObject("error").getString("type"));
    assertEquals(List.of("504|UPSTREAM_TIMEOUT|0"), awaitRows(
      "select concat_ws('|', status, outcome, output_tokens) from usage_log where outcome <> 'ok'", 1));
    assertEquals(List.of("provider_lost"), awaitRows("select error_class from usage_log where outcome <> 'ok'", 1),
      "the ingress's own wait for a provider ran out, not an upstream's timer");

    Thread.sleep(1500); // the upstream would have started streaming by now, into nobody's response
    MockBehavior prompt = MockBehavior.ok().withChunks(3);
    gw.mock.respond(prompt);
    Reply next = gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, false, null)).await();
    assertEquals(200, next.status());
    assertEquals(MockUpstream.completionJson(MODEL, prompt), next.body().toString(),
      "the next answer on the same client is clean: no stray frames written into it");
  }

  @Test
  void anUpstreamThatDiesBeforeItsFirstByteIs502AndRecordedAs502() throws Exception {
    firstAnswer();
    gw.mock.respond(MockBehavior.ok().withChunks(5).withAbortAfterChunks(0));

    Reply reply = gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, true, null)).await();

    assertEquals(502, reply.status());
    assertTrue(reply.headers().get("content-type").startsWith("application/json"));
    assertEquals("server_error", reply.json().getJsonObject("error").getString("type"));
    assertEquals(List.of("502|UPSTREAM_ERROR"), awaitRows("select concat_ws('|', status, outcome) from usage_log"
      + " where outcome <> 'ok'", 1));
  }
}
