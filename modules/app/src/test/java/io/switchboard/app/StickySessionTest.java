package io.switchboard.app;

import static io.switchboard.app.GatewayHarness.CLIENT_KEY;
import static io.switchboard.app.UpstreamFleet.MODEL;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.app.GatewayHarness.Reply;
import io.switchboard.testkit.MockBehavior;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A conversation keeps its account (bound in Redis) and moves when that account fails. */
class StickySessionTest extends GatewayTest {
  private UpstreamFleet fleet;

  @Override
  protected JsonObject overrides() {
    return new JsonObject().put("scheduler", new JsonObject().put("stickyTtlMs", 60_000));
  }

  @BeforeEach
  void fleet() throws Exception {
    fleet = new UpstreamFleet(gw);
    fleet.add("left", 0);
    fleet.add("right", 0);
  }

  @AfterEach
  void closeFleet() {
    fleet.close();
  }

  @Test
  void aSessionHeaderKeepsItsAccountAndMovesWhenItFails() throws Exception {
    for (int i = 0; i < 6; i++) {
      assertEquals(200, send("x-session-id", "conversation-1", "hi " + i).status());
    }
    String bound = fleet.received().get("left") == 6 ? "left" : "right";
    String other = bound.equals("left") ? "right" : "left";
    assertEquals(Map.of(bound, 6, other, 0), fleet.received());

    fleet.mock(bound).respond(MockBehavior.ok().withStatus(500));
    assertEquals(200, send("x-session-id", "conversation-1", "hi again").status());
    assertEquals(Map.of(bound, 7, other, 1), fleet.received(), "failed over");

    fleet.mock(bound).respond(MockBehavior.ok());
    for (int i = 0; i < 3; i++) {
      assertEquals(200, send("x-session-id", "conversation-1", "and again " + i).status());
    }
    assertEquals(Map.of(bound, 7, other, 4), fleet.received(), "the conversation moved for good");
  }

  @Test
  void withoutAHeaderTheSystemPromptAndFirstUserMessageNameTheConversation() throws Exception {
    for (int turn = 0; turn < 6; turn++) {
      StringBuilder messages = new StringBuilder("{\"role\":\"system\",\"content\":\"be brief\"},"
        + "{\"role\":\"user\",\"content\":\"plan a trip\"}");
      for (int i = 0; i < turn; i++) {
        messages.append(",{\"role\":\"assistant\",\"content\":\"ok ").append(i)
          .append("\"},{\"role\":\"user\",\"content\":\"more ").append(i).append("\"}");
      }
      Reply reply = gw.post("/v1/chat/completions", CLIENT_KEY, "{\"model\":\"" + MODEL + "\",\"messages\":["
        + messages + "]}").await();
      assertEquals(200, reply.status());
    }
    Map<String, Integer> counts = fleet.received();
    assertEquals(6, Math.max(counts.get("left"), counts.get("right")), "every turn on one account: " + counts);
  }

  private Reply send(String header, String session, String text) {
    return gw.exchange(new RequestOptions().setMethod(HttpMethod.POST).setURI("/v1/chat/completions")
      .putHeader("authorization", "Bearer " + CLIENT_KEY).putHeader("content-type", "application/json")
      .putHeader(header, session), Buffer.buffer("{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"user\","
      + "\"content\":\"" + text + "\"}]}")).await();
  }
}
