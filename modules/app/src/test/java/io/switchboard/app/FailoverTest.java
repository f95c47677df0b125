package io.switchboard.app;

import static io.switchboard.app.GatewayHarness.CLIENT_KEY;
import static io.switchboard.app.GatewayHarness.chat;
import static io.switchboard.app.UpstreamFleet.MODEL;
import static io.switchboard.testkit.TestStorage.awaitRows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.api.Addresses;
import io.switchboard.api.ConfigChanged;
import io.switchboard.app.GatewayHarness.Reply;
import io.switchboard.store.Databases;
import io.switchboard.testkit.MockBehavior;
import io.switchboard.testkit.MockUpstream;
import io.switchboard.testkit.TestStorage;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Several upstream accounts failing on purpose: what the client receives, and what the gateway stores. */
class FailoverTest extends GatewayTest {
  private static final String RATE_LIMIT_BODY = "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\","
    + "\"param\":null,\"code\":\"rate_limit_exceeded\"}}";
  private UpstreamFleet fleet;

  @Override
  protected JsonObject overrides() {
    return new JsonObject().put("scheduler", new JsonObject().put("stickyTtlMs", 0));
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
  void aRateLimitedFirstAccountIsAnsweredByTheSecondAndCoolsDownForThatModelOnly() throws Exception {
    MockUpstream first = fleet.add("first", 10);
    first.respondNext(MockBehavior.ok().withStatus(429, RATE_LIMIT_BODY).withRetryAfter("30"));
    MockUpstream second = fleet.add("second", 0);

    Reply reply = gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, false, null)).await();

    assertEquals(200, reply.status(), reply.body().toString());
    assertEquals(MockUpstream.completionJson(MODEL, MockBehavior.ok()), reply.body().toString());
    assertEquals(Map.of("first", 1, "second", 1), fleet.received());
    assertEquals(List.of("200|ok|second|"), awaitRows("select concat_ws('|', u.status, u.outcome, a.name, "
      + "coalesce(u.error_class, '')) from usage_log u join accounts a on a.id = u.account_id", 1));
    // the 429 took the first account out for this model until the reset it named, in Redis for every scheduler
    Redis redis = Databases.redis(gw.vertx, TestStorage.redisUrl());
    String cooldown = redis.send(Request.cmd(Command.HGET).arg("sb:cooldown:" + fleet.id("first")).arg(MODEL))
      .await().toString();
    redis.close();
    assertTrue(cooldown.startsWith("rate_limited:"), cooldown);
    long untilIn = Long.parseLong(cooldown.substring("rate_limited:".length())) - System.currentTimeMillis();
    assertTrue(untilIn > 20_000 && untilIn <= 30_000, "until the upstream's Retry-After: " + untilIn + " ms");
    assertEquals("active", fleet.status("first"), "the account itself is fine");

    Reply next = gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, false, null)).await();
    assertEquals(200, next.status());
    assertEquals(1, first.received().size(), "a cooling account is not tried for that model");
    assertEquals(2, second.received().size());

    Reply otherModel = gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL + "-first", false, null)).await();
    assertEquals(200, otherModel.status(), otherModel.body().toString());
    assertEquals(2, first.received().size(), "its other models keep flowing");
  }

  @Test
  void everyAccountRateLimitedIs429WithTheShortestRetryAfterInTheClientsDialect() throws Exception {
    fleet.add("slow", 10).respond(MockBehavior.ok().withStatus(429, RATE_LIMIT_BODY).withRetryAfter("40"));
    fleet.add("slower", 0).respond(MockBehavior.ok().withStatus(429, RATE_LIMIT_BODY).withRetryAfter("25"));

    Reply reply = gw.exchange(new RequestOptions().setMethod(HttpMethod.POST).setURI("/v1/messages")
      .putHeader("x-api-key", CLIENT_KEY).putHeader("anthropic-version", "2023-06-01")
      .putHeader("content-type", "application/json"), Buffer.buffer("{\"model\":\"" + MODEL + "\",\"max_tokens\":16,"
      + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).await();

    assertEquals(429, reply.status(), reply.body().toString());
    assertEquals("25", reply.headers().get("retry-after"), "the account back soonest");
    assertEquals("error", reply.json().getString("type"));
    assertEquals("rate_limit_error", reply.json().getJsonObject("error").getString("type"));
    assertEquals(Map.of("slow", 1, "slower", 1), fleet.received(), "a 40 s or 25 s wait is not waited for");
    assertEquals(List.of("429|rate_limited"), awaitRows("select concat_ws('|', status, error_class) from usage_log", 1));

    // both accounts now cool down: the next request is told when to come back without reaching an upstream
    Reply cooled = gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, false, null)).await();
    assertEquals(429, cooled.status(), cooled.body().toString());
    long retryAfter = Long.parseLong(cooled.headers().get("retry-after"));
    assertTrue(retryAfter > 20 && retryAfter <= 25, "retry-after " + retryAfter);
    assertEquals("rate_limit_exceeded", cooled.json().getJsonObject("error").getString("code"));
    assertEquals(Map.of("slow", 1, "slower", 1), fleet.received());
  }

  @Test
  void everyAccountRateLimitedForAnUnknownTimeIs429WithoutRetryAfter() throws Exception {
    MockUpstream held = fleet.add("held", 0);
    TestStorage.query("update accounts set status = 'rate_limited', status_until = null where id = " + fleet.id("held")
      + " returning id");
    gw.vertx.eventBus().publish(Addresses.CONFIG_CHANGED, new ConfigChanged(ConfigChanged.ACCOUNT, null));
    long deadline = System.currentTimeMillis() + 10_000;
    Reply reply = gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, false, null)).await();
    while (reply.status() != 429 && System.currentTimeMillis() < deadline) { // until every scheduler has the change
      Thread.sleep(50);
      reply = gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, false, null)).await();
    }
    assertEquals(429, reply.status(), reply.body().toString());
    assertEquals("Every upstream account serving `" + MODEL + "` is rate limited.",
      reply.json().getJsonObject("error").getString("message"));
    assertNull(reply.headers().get("retry-after"), "no time is known, so none is promised");
    int reachedBefore = held.received().size();
    assertEquals(429, gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, false, null)).await().status());
    assertEquals(reachedBefore, held.received().size(), "refused without reaching the upstream");
  }

  @Test
  void everyAccountFailingIs502NamingTheLastCauseAfterTheRetries() throws Exception {
    fleet.add("down", 10).respond(MockBehavior.ok().withStatus(503, "<html>busy</html>"));
    fleet.add("broken", 0).respond(MockBehavior.ok().withStatus(500, "<html>oops</html>"));

    Reply reply = gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, false, null)).await();

    assertEquals(502, reply.status(), reply.body().toString());
    String message = reply.json().getJsonObject("error").getString("message");
    assertTrue(message.startsWith("4 upstream attempts failed; the last: the upstream answered HTTP 50"), message);
    int attempts = fleet.received().values().stream().mapToInt(Integer::intValue).sum();
    assertEquals(4, attempts, "the first attempt and 3 retries: " + fleet.received());
    assertEquals(List.of("502|UPSTREAM_ERROR|server_error"), awaitRows(
      "select concat_ws('|', status, outcome, error_class) from usage_log", 1));
  }

  @Test
  void aClientErrorReturnsAtOnceWithoutTryingAnotherAccount() throws Exception {
    String invalid = "{\"error\":{\"message\":\"Invalid value for 'temperature'\",\"type\":\"invalid_request_error\","
      + "\"param\":\"temperature\",\"code\":null}}";
    fleet.add("strict", 10).respond(MockBehavior.ok().withStatus(400, invalid));
    fleet.add("spare", 0);

    Reply reply = gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, false, "\"temperature\":9")).await();

    assertEquals(400, reply.status());
    assertEquals(new JsonObject(invalid), reply.json());
    assertEquals(Map.of("strict", 1, "spare", 0), fleet.received());
  }

  @Test
  void retryAfterIsHonouredBeforeTheSameAccountIsTriedAgain() throws Exception {
    MockUpstream only = fleet.add("only", 0);
    only.respondNext(MockBehavior.ok().withStatus(429, RATE_LIMIT_BODY).withRetryAfter("1"));

    long started = System.nanoTime();
    Reply reply = gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, false, null)).await();
    long tookMs = (System.nanoTime() - started) / 1_000_000;

    assertEquals(200, reply.status(), reply.body().toString());
    assertEquals(2, only.received().size());
    assertTrue(tookMs >= 950, "waited for the upstream's Retry-After of 1 s: " + tookMs + " ms");
  }
}
