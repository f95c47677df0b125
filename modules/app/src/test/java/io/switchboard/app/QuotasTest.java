package io.switchboard.app;

import static io.switchboard.app.GatewayHarness.CLIENT_KEY;
import static io.switchboard.app.GatewayHarness.MODEL;
import static io.switchboard.app.GatewayHarness.chat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.api.Addresses;
import io.switchboard.api.ConfigChanged;
import io.switchboard.store.Databases;
import io.switchboard.store.QuotaKeys;
import io.switchboard.testkit.MockBehavior;
import io.switchboard.testkit.TestStorage;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Quotas as a client sees them: a spent daily quota moves the user to the fallback group (recorded for admins);
 * with no fallback, a spent balance or a spent key budget the client gets 402 in its dialect. Also: a client that
 * aborts a stream is charged an estimate of what it received.
 */
class QuotasTest extends GatewayTest {

  private long userOfClientKey(String columns, String values) throws Exception {
    TestStorage.query("insert into user_groups (name) values ('default') on conflict do nothing returning name");
    long user = Long.parseLong(TestStorage.query("insert into users (username, password_hash" + columns
      + ") values ('ann', 'x'" + values + ") returning id").get(0));
    TestStorage.query("update api_keys set user_id = " + user + " where name = 'client' returning id");
    return user;
  }

  @Test
  void aSpentDailyQuotaContinuesOnTheFallbackGroup() throws Exception {
    TestStorage.query("insert into user_groups (name) values ('cheap') returning name");
    long user = userOfClientKey(", daily_quota_micros, fallback_group", ", 0, 'cheap'");
    // the only account serves the fallback group alone: a 200 means the request was routed there
    TestStorage.query("update accounts set groups = '{cheap}' where name = 'mock' returning id");
    gw.vertx.eventBus().publish(Addresses.CONFIG_CHANGED, new ConfigChanged(ConfigChanged.ACCOUNT, null));
    Thread.sleep(300); // the scheduler reloads asynchronously

    GatewayHarness.Reply reply = gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, false, null)).await();

    assertEquals(200, reply.status(), reply.body().toString());
    assertEquals(List.of("cheap|t|" + user), TestStorage.awaitRows(
      "select concat_ws('|', group_name, on_fallback, user_id) from usage_log", 1));
    assertEquals(List.of("t"), TestStorage.awaitRows(
      "select 't' from users where fallback_since is not null", 1), "admins see the user is on fallback");
  }

  @Test
  void aSpentDailyQuotaWithoutFallbackIs402InTheClientsDialect() throws Exception {
    userOfClientKey(", daily_quota_micros", ", 0");

    GatewayHarness.Reply openai = gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, false, null)).await();
    assertEquals(402, openai.status());
    assertEquals("insufficient_quota", openai.json().getJsonObject("error").getString("code"));
    assertTrue(openai.json().getJsonObject("error").getString("message").startsWith("You have used up today's quota"));

    RequestOptions gemini = new RequestOptions().setMethod(HttpMethod.POST)
      .setURI("/v1beta/models/" + MODEL + ":generateContent").putHeader("content-type", "application/json")
      .putHeader("x-goog-api-key", CLIENT_KEY);
    GatewayHarness.Reply inGemini = gw.exchange(gemini, io.vertx.core.buffer.Buffer.buffer(
      "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}]}")).await();
    assertEquals(402, inGemini.status());
    assertEquals(402, inGemini.json().getJsonObject("error").getInteger("code"));
    assertEquals(0, gw.mock.received().size());
  }

  @Test
  void aSpentBalanceIs402UntilATopUp() throws Exception {
    long user = userOfClientKey(", balance_micros", ", 0");
    GatewayHarness.Reply refused = gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, false, null)).await();
    assertEquals(402, refused.status());
    assertEquals("Your balance is used up. Please top up to continue.",
      refused.json().getJsonObject("error").getString("message"));

    TestStorage.query("update users set balance_micros = 1000000 where id = " + user + " returning id");
    gw.vertx.eventBus().publish(Addresses.CONFIG_CHANGED, new ConfigChanged(ConfigChanged.USER, user));
    assertEquals(200, retryWhileStatus(402).status());
  }

  @Test
  void aKeyStopsOnceItsBudgetIsSpent() throws Exception {
    // 10 micro-units a token: the mock's 11 + 3 tokens cost 140, over the budget of 100
    TestStorage.query("insert into model_prices (model, input_micros, output_micros) values ('" + MODEL
      + "', 10000000, 10000000) on conflict (model) do update set input_micros = excluded.input_micros,"
      + " output_micros = excluded.output_micros, cache_read_micros = 0, cache_write_micros = 0 returning model");
    TestStorage.query("update api_keys set budget_micros = 100 where name = 'client' returning id");

    assertEquals(200, gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, false, null)).await().status());
    // spend counts once recorded (a request in flight is not yet spend): wait for the counter the auth reads
    long keyId = Long.parseLong(TestStorage.query("select id from api_keys where name = 'client'").get(0));
    Redis redis = Databases.redis(gw.vertx, TestStorage.redisUrl());
    long deadline = System.currentTimeMillis() + 5000;
    Response spent = redis.send(Request.cmd(Command.GET).arg(QuotaKeys.keySpend(keyId))).await();
    while ((spent == null || !"140".equals(spent.toString())) && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
      spent = redis.send(Request.cmd(Command.GET).arg(QuotaKeys.keySpend(keyId))).await();
    }
    assertEquals("140", String.valueOf(spent));

    GatewayHarness.Reply refused = gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, false, null)).await();
    assertEquals(402, refused.status());
    assertEquals("This API key has used up its budget.", refused.json().getJsonObject("error").getString("message"));
    assertEquals(List.of("140"), TestStorage.query("select spent_micros from api_keys where name = 'client'"));
    redis.close().await();
  }

  @Test
  void aClientThatAbortsIsChargedAnEstimateOfWhatItReceived() throws Exception {
    gw.mock.respond(MockBehavior.ok().withChunks(200).withChunkDelayMs(20));
    Promise<Void> enough = Promise.promise();
    StringBuilder received = new StringBuilder();
    gw.vertx.getOrCreateContext().runOnContext(onContext ->
      gw.client.request(new RequestOptions().setMethod(HttpMethod.POST).setURI("/v1/chat/completions")
          .putHeader("authorization", "Bearer " + CLIENT_KEY))
        .compose(req -> req.send(chat(MODEL, true, null)).map(resp -> {
          resp.handler(data -> {
            received.append(data);
            if (received.toString().split("data: ").length > 10 && enough.tryComplete()) {
              req.connection().close(); // leaves after about ten chunks, before the usage chunk
            }
          });
          return resp;
        })));
    enough.future().await();

    List<String> rows = TestStorage.awaitRows("select concat_ws('|', outcome, estimated, input_tokens, output_tokens) "
      + "from usage_log", 1);
    String[] row = rows.get(0).split("\\|");
    assertEquals("client_closed", row[0]);
    assertEquals("t", row[1], "the upstream reported no usage before the abort: estimated");
    assertTrue(Long.parseLong(row[2]) > 0, "input counted from the request: " + rows);
    long output = Long.parseLong(row[3]);
    assertTrue(output >= 10 && output < 200, "output counted from what the client got: " + rows);
  }

  private GatewayHarness.Reply retryWhileStatus(int status) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 5000;
    GatewayHarness.Reply reply = gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, false, null)).await();
    while (reply.status() == status && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
      reply = gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, false, null)).await();
    }
    return reply;
  }
}
