package io.switchboard.app;

import static io.switchboard.app.GatewayHarness.CLIENT_KEY;
import static io.switchboard.app.GatewayHarness.MODEL;
import static io.switchboard.app.GatewayHarness.chat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Counter;
import io.switchboard.api.Addresses;
import io.switchboard.api.ApiKeys;
import io.switchboard.api.AuthRequest;
import io.switchboard.api.GatewayMetrics;
import io.switchboard.api.Principal;
import io.switchboard.app.GatewayHarness.Reply;
import io.switchboard.testkit.TestStorage;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * One client address may have at most {@code auth.maxKeyLookupsPerAddress} keys read from PostgreSQL at once: a flood
 * of unknown keys from one address used to take the pool's wait queue whole (3,000 at once against the README's
 * defaults: 1,997 answered 503 "key verification is unavailable right now", and so was a real key sent meanwhile from
 * elsewhere). Requests are sent in one turn of a context, and the flood's reads wait behind a table lock, so that
 * every request is in before the first read ends.
 */
class KeyLookupsPerAddressTest extends GatewayTest {
  private static final int PER_ADDRESS = 8;
  private static final String FLOODER = "203.0.113.7";
  private static final String TOO_MANY = "429 Too many API keys from this address are being checked at once; please "
    + "retry shortly.";
  private static final String UNKNOWN = "401 Incorrect API key provided.";

  @Override
  protected JsonObject overrides() {
    // two pooled connections and 30 callers waiting for them: a flood of reads fills that queue at once
    return new JsonObject().put("storage", new JsonObject().put("postgres", new JsonObject()
      .put("poolSize", 2).put("maxWaitQueue", 30)))
      .put("auth", new JsonObject().put("maxKeyLookupsPerAddress", PER_ADDRESS));
  }

  @Test
  void aFloodOfUnknownKeysFromOneAddressLeavesOtherKeysVerifiable() throws Exception {
    EventBus bus = gw.vertx.eventBus();
    double refusedBefore = refused();
    Map<String, Integer> answers;
    try (Connection lock = TestStorage.connect()) {
      // the keys' reads wait behind this lock until every request is in: none ends early to make room for another
      lock.setAutoCommit(false);
      lock.createStatement().execute("lock table api_keys in access exclusive mode");
      List<Future<String>> asked = BusBurst.send(gw.vertx, 101, i -> i < 100
        ? verify(bus, "sb-unknown-" + i, FLOODER)
        : verify(bus, CLIENT_KEY, "198.51.100.2")); // a real key not read yet, from another address
      long deadline = System.currentTimeMillis() + 10_000;
      while (asked.stream().filter(Future::isComplete).count() < 100 - PER_ADDRESS) {
        assertTrue(System.currentTimeMillis() < deadline, "the requests past the bound were answered at once");
        Thread.sleep(10);
      }
      lock.rollback();
      answers = BusBurst.tally(asked);
    }
    assertEquals(Map.of(UNKNOWN, PER_ADDRESS, TOO_MANY, 100 - PER_ADDRESS, "client", 1), answers);
    assertEquals(100 - PER_ADDRESS, refused() - refusedBefore, "sb_refused_total{reason=\"key_lookups\"}");

    // once its reads have ended, the address may begin as many again
    assertEquals(Map.of(UNKNOWN, PER_ADDRESS), inOneTurn(PER_ADDRESS, i -> verify(bus, "sb-later-" + i, FLOODER)));
  }

  @Test
  void aClientPastTheBoundIsAnswered429InItsDialectWithRetryAfter() throws Exception {
    HttpClient client = gw.vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1")
      .setDefaultPort(gw.port), new PoolOptions().setHttp1MaxSize(PER_ADDRESS + 4));
    try (Connection lock = TestStorage.connect()) {
      lock.setAutoCommit(false);
      lock.createStatement().execute("lock table api_keys in access exclusive mode");
      List<Future<Reply>> sent = new ArrayList<>();
      for (int i = 0; i <= PER_ADDRESS; i++) { // one more than may be read at once: the first answered is refused
        sent.add(post(client, "/v1/chat/completions", "authorization", "Bearer sb-unknown-" + i, chat(MODEL, false,
          null)));
      }
      long deadline = System.currentTimeMillis() + 10_000;
      while (sent.stream().noneMatch(Future::isComplete)) {
        assertTrue(System.currentTimeMillis() < deadline, "the request past the bound was answered at once");
        Thread.sleep(10);
      }
      Reply openai = sent.stream().filter(Future::isComplete).findFirst().orElseThrow().result();
      assertEquals(429, openai.status(), openai.body().toString());
      assertEquals("1", openai.headers().get("retry-after"));
      assertEquals(TOO_MANY.substring(4), openai.json().getJsonObject("error").getString("message"));
      // every read is still held, so the address has no room for another
      Reply anthropic = post(client, "/v1/messages", "x-api-key", "sb-unknown-anthropic", "{\"model\":\"" + MODEL
        + "\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
        .await(10, TimeUnit.SECONDS);
      assertEquals(429, anthropic.status(), anthropic.body().toString());
      assertEquals("1", anthropic.headers().get("retry-after"));
      assertEquals("rate_limit_error", anthropic.json().getJsonObject("error").getString("type"),
        "Anthropic's error shape");
      lock.rollback();
      for (Future<Reply> read : sent) {
        Reply answered = read.await(10, TimeUnit.SECONDS);
        if (answered != openai) {
          assertEquals(401, answered.status(), answered.body().toString());
          assertNull(answered.headers().get("retry-after"), "a key found unknown is not to be tried again");
        }
      }
    } finally {
      client.close().await(10, TimeUnit.SECONDS);
    }
  }

  private Future<Reply> post(HttpClient client, String path, String keyHeader, String key, String body) {
    return GatewayHarness.exchange(gw.vertx, client, new RequestOptions().setMethod(HttpMethod.POST).setURI(path)
      .putHeader("content-type", "application/json").putHeader(keyHeader, key), Buffer.buffer(body));
  }

  @Test
  void oneKeysBurstOfFirstRequestsFromOneAddressBeginsOneRead() {
    EventBus bus = gw.vertx.eventBus();
    assertEquals(Map.of("client", 100), inOneTurn(100, i -> verify(bus, CLIENT_KEY, FLOODER)));
  }

  private static Future<String> verify(EventBus bus, String key, String address) {
    return bus.<Principal>request(Addresses.AUTH_VERIFY, new AuthRequest(ApiKeys.sha256Hex(key), false, 0, address))
      .map(reply -> reply.body().keyName());
  }

  private Map<String, Integer> inOneTurn(int count, Function<Integer, Future<String>> send) {
    return BusBurst.tally(BusBurst.send(gw.vertx, count, send));
  }

  private static double refused() {
    Counter counter = GatewayMetrics.registry().find("sb.refused").tag("reason", "key_lookups").counter();
    return counter == null ? 0 : counter.count();
  }
}
