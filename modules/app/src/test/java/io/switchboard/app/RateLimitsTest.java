package io.switchboard.app;

import static io.switchboard.app.GatewayHarness.MODEL;
import static io.switchboard.app.GatewayHarness.chat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testkit.MockBehavior;
import io.switchboard.testkit.TestStorage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Per-key limits as a client sees them: OpenAI's x-ratelimit headers on every answer, 429 with Retry-After in the
 * client's dialect once over a limit, slots freed when requests finish, tokens reconciled with real usage, and
 * exact counts across two gateways sharing one Redis.
 */
class RateLimitsTest extends GatewayTest {
  static final String RPM_KEY = "sb-test-rpm-key-000000001";
  static final String CONC_KEY = "sb-test-conc-key-00000001";
  static final String TPM_KEY = "sb-test-tpm-key-000000001";
  static final String BURST_KEY = "sb-test-burst-key-0000001";

  @Override
  protected JsonObject overrides() {
    return limitedKeys();
  }

  static JsonObject limitedKeys() {
    return new JsonObject().put("bootstrap", new JsonObject().put("keys", new JsonArray()
      .add(key("rpm", RPM_KEY).put("rpm", 2))
      .add(key("conc", CONC_KEY).put("maxConcurrency", 1))
      .add(key("tpm", TPM_KEY).put("tpm", 60))
      .add(key("burst", BURST_KEY).put("rpm", 10))));
  }

  private static JsonObject key(String name, String key) {
    return new JsonObject().put("name", name).put("key", key).put("models", new JsonArray().add("*"));
  }

  @Test
  void overTheRequestLimitTheClientGets429WithHeadersInItsDialect() throws Exception {
    GatewayHarness.Reply first = gw.post("/v1/chat/completions", RPM_KEY, chat(MODEL, false, null)).await();
    GatewayHarness.Reply second = gw.post("/v1/chat/completions", RPM_KEY, chat(MODEL, true, null)).await();
    assertEquals(200, first.status());
    assertEquals("2", first.headers().get("x-ratelimit-limit-requests"));
    assertEquals("1", first.headers().get("x-ratelimit-remaining-requests"));
    assertTrue(first.headers().get("x-ratelimit-reset-requests").matches("(\\d+m)?\\d+(\\.\\d+)?s|\\d+ms"),
      first.headers().get("x-ratelimit-reset-requests"));
    assertNull(first.headers().get("x-ratelimit-limit-tokens"), "no token limit on this key");
    assertEquals(200, second.status());
    assertEquals("0", second.headers().get("x-ratelimit-remaining-requests"));

    GatewayHarness.Reply refused = gw.post("/v1/chat/completions", RPM_KEY, chat(MODEL, false, null)).await();
    assertEquals(429, refused.status());
    long retryAfter = Long.parseLong(refused.headers().get("retry-after"));
    assertTrue(retryAfter >= 1 && retryAfter <= 60, "retry-after " + retryAfter);
    assertEquals("0", refused.headers().get("x-ratelimit-remaining-requests"));
    JsonObject error = refused.json().getJsonObject("error");
    assertEquals("rate_limit_exceeded", error.getString("code"), error.encode());
    assertTrue(error.getString("message").startsWith("Rate limit reached for API key 'rpm' on requests per minute"),
      error.getString("message"));

    RequestOptions anthropic = new RequestOptions().setMethod(HttpMethod.POST).setURI("/v1/messages")
      .putHeader("content-type", "application/json").putHeader("x-api-key", RPM_KEY)
      .putHeader("anthropic-version", "2023-06-01");
    GatewayHarness.Reply inAnthropic = gw.exchange(anthropic, Buffer.buffer("{\"model\":\"" + MODEL
      + "\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).await();
    assertEquals(429, inAnthropic.status());
    assertEquals("error", inAnthropic.json().getString("type"));
    assertEquals("rate_limit_error", inAnthropic.json().getJsonObject("error").getString("type"));
    assertTrue(inAnthropic.headers().contains("retry-after"));
    assertEquals(2, gw.mock.received().size(), "refused requests never reach the upstream");
  }

  @Test
  void aConcurrencySlotIsHeldWhileStreamingAndFreedAfter() throws Exception {
    gw.mock.respond(MockBehavior.ok().withChunks(10).withChunkDelayMs(100));
    Future<GatewayHarness.Reply> slow = gw.post("/v1/chat/completions", CONC_KEY, chat(MODEL, true, null));
    long deadline = System.currentTimeMillis() + 5000;
    while (gw.mock.received().isEmpty() && System.currentTimeMillis() < deadline) {
      Thread.sleep(10);
    }
    GatewayHarness.Reply meanwhile = gw.post("/v1/chat/completions", CONC_KEY, chat(MODEL, false, null)).await();
    assertEquals(429, meanwhile.status());
    assertTrue(meanwhile.json().getJsonObject("error").getString("message").contains("concurrent requests"));
    assertEquals("1", meanwhile.headers().get("retry-after"));
    assertEquals(200, slow.await().status());

    gw.mock.respond(MockBehavior.ok());
    GatewayHarness.Reply after = retryWhile429(CONC_KEY);
    assertEquals(200, after.status(), "the finished stream gave its slot back");
  }

  @Test
  void tokensAreAdmittedOnAnEstimateAndReconciledWithRealUsage() throws Exception {
    gw.mock.respond(MockBehavior.ok().withUsage(40, 15, 0)); // 55 real tokens against a limit of 60
    GatewayHarness.Reply first = gw.post("/v1/chat/completions", TPM_KEY, chat(MODEL, false, null)).await();
    assertEquals(200, first.status());
    assertEquals("60", first.headers().get("x-ratelimit-limit-tokens"));
    long estimate = chat(MODEL, false, null).length() / 4;
    assertEquals(Long.toString(60 - estimate), first.headers().get("x-ratelimit-remaining-tokens"));

    // the usage (55) replaces the estimate: the next estimate no longer fits in the minute's 60 tokens
    GatewayHarness.Reply second = retryWhileStatus(200, TPM_KEY);
    assertEquals(429, second.status());
    assertEquals("5", second.headers().get("x-ratelimit-remaining-tokens"));
    assertTrue(second.json().getJsonObject("error").getString("message").contains("tokens per minute"));
  }

  @Test
  void twoGatewaysOnOneRedisAdmitExactlyTheLimit() throws Exception {
    Vertx otherNode = Vertx.vertx();
    JsonObject scaled = limitedKeys().put("ingress", new JsonObject().put("instances", 2))
      .put("auth", new JsonObject().put("instances", 2));
    GatewayHarness other = GatewayHarness.start(otherNode, scaled).await();
    try {
      List<Future<GatewayHarness.Reply>> replies = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        GatewayHarness node = i % 2 == 0 ? gw : other;
        replies.add(node.post("/v1/chat/completions", BURST_KEY, chat(MODEL, false, null)));
      }
      Future.join(replies).await();
      long admitted = replies.stream().filter(r -> r.result().status() == 200).count();
      long refused = replies.stream().filter(r -> r.result().status() == 429).count();
      assertEquals(10, admitted);
      assertEquals(30, refused);
      assertEquals(10, gw.mock.received().size() + other.mock.received().size());
      assertEquals(List.of("10"), TestStorage.awaitRows(
        "select count(*) from usage_log u join api_keys k on k.id = u.key_id where k.name = 'burst' "
          + "and u.status = 200 having count(*) >= 10", 1));
    } finally {
      other.stop().await();
      otherNode.close().await();
    }
  }

  private GatewayHarness.Reply retryWhile429(String key) throws InterruptedException {
    return retryWhileStatus(429, key);
  }

  /** The release and the usage travel asynchronously after the answer: ask again, bounded. */
  private GatewayHarness.Reply retryWhileStatus(int status, String key) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 5000;
    GatewayHarness.Reply reply = gw.post("/v1/chat/completions", key, chat(MODEL, false, null)).await();
    while (reply.status() == status && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
      reply = gw.post("/v1/chat/completions", key, chat(MODEL, false, null)).await();
    }
    return reply;
  }
}
