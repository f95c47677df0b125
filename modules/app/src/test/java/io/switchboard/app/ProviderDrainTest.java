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
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A provider instance that is stopped (as hot redeploy and scaling will stop it) takes no new call but finishes the
 * streams it relays before it goes.
 */
class ProviderDrainTest extends GatewayTest {

  @Override
  protected JsonObject overrides() {
    return new JsonObject().put("providers", new JsonObject().put("drainSeconds", 10));
  }

  @Test
  void anUndeployedProviderFinishesItsOpenStreamsFirst() throws Exception {
    gw.mock.respond(MockBehavior.ok().withChunks(15).withChunkDelayMs(100)); // about 1.5 s
    Future<Reply> streamed = gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, true, null));
    while (gw.mock.received().isEmpty()) {
      Thread.sleep(20);
    }

    Future<Void> undeployed = gw.gateway.undeploy("providers.openai");
    Reply whole = streamed.await(10, TimeUnit.SECONDS);
    undeployed.await(10, TimeUnit.SECONDS);

    String body = whole.body().toString();
    assertTrue(body.endsWith(MockUpstream.DONE_EVENT), "relayed to its end, not cut: " + body);
    assertTrue(body.contains(MockUpstream.token(14)), body);
    assertEquals(List.of("200|ok"), awaitRows("select concat_ws('|', status, outcome) from usage_log", 1));
    assertEquals(503, gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, false, null)).await().status(),
      "a stopped provider takes no new call");
  }
}
