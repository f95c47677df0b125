package io.switchboard.app;

import static io.switchboard.app.GatewayHarness.MODEL;
import static io.switchboard.app.GatewayHarness.chat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A busy key admitted from leases (a share of its limits an auth instance holds): the rate-limit headers count down by
 * one a request as without them, and two gateways of two auth instances each, sharing one Redis, never admit more than
 * the key's limit and admit all of it once their leases have gone back.
 */
class LeasedLimitsTest extends GatewayTest {
  static final String BUSY_KEY = "sb-test-busy-key-00000001";
  static final int RPM = 640;

  @Override
  protected JsonObject overrides() {
    return busyKey();
  }

  private static JsonObject busyKey() {
    return new JsonObject().put("bootstrap", new JsonObject().put("keys", new JsonArray()
      .add(new JsonObject().put("name", "busy").put("key", BUSY_KEY).put("models", new JsonArray().add("*"))
        .put("rpm", RPM).put("tpm", 10_000_000).put("maxConcurrency", 1000))));
  }

  @Test
  void theHeadersCountDownByOneARequest() {
    for (int i = 0; i < 5; i++) {
      GatewayHarness.Reply reply = gw.post("/v1/chat/completions", BUSY_KEY, chat(MODEL, false, null)).await();
      assertEquals(200, reply.status());
      assertEquals(Integer.toString(RPM - 1 - i), reply.headers().get("x-ratelimit-remaining-requests"), "request " + i);
      long tokensLeft = Long.parseLong(reply.headers().get("x-ratelimit-remaining-tokens"));
      assertTrue(tokensLeft < 10_000_000 && tokensLeft > 10_000_000 - 1000, "request " + i + ": " + tokensLeft);
    }
  }

  @Test
  void twoGatewaysNeverAdmitMoreThanTheLimitAndAdmitAllOfItOnceTheirLeasesAreBack() throws Exception {
    Vertx otherNode = Vertx.vertx();
    JsonObject scaled = busyKey().put("auth", new JsonObject().put("instances", 2))
      .put("ingress", new JsonObject().put("instances", 2));
    GatewayHarness other = GatewayHarness.start(otherNode, scaled).await();
    try {
      long admitted = 0;
      for (int burst = 0; burst < 16; burst++) { // 800 requests, 50 at a time, spread over both gateways
        admitted += admittedOf(burst % 2 == 0 ? gw : other, 25) + admittedOf(burst % 2 == 0 ? other : gw, 25);
      }
      assertTrue(admitted <= RPM, "never more than the limit: " + admitted);

      Thread.sleep(1500); // every lease has ended (auth.admissionLeaseMs, 1 s) and gone back
      long more = 0;
      while (more < RPM && gw.post("/v1/chat/completions", BUSY_KEY, chat(MODEL, false, null)).await().status() == 200) {
        more++;
      }
      assertEquals(RPM, admitted + more, "all of the limit, once the leases are back");
      assertEquals(RPM, gw.mock.received().size() + other.mock.received().size(), "refused requests never go upstream");
    } finally {
      other.stop().await();
      otherNode.close().await();
    }
  }

  private static long admittedOf(GatewayHarness node, int requests) {
    List<Future<GatewayHarness.Reply>> replies = new ArrayList<>();
    for (int i = 0; i < requests; i++) {
      replies.add(node.post("/v1/chat/completions", BUSY_KEY, chat(MODEL, false, null)));
    }
    Future.join(replies).await();
    replies.forEach(r -> assertTrue(r.result().status() == 200 || r.result().status() == 429, "status"));
    return replies.stream().filter(r -> r.result().status() == 200).count();
  }
}
