package io.switchboard.app;

import static io.switchboard.app.GatewayHarness.CLIENT_KEY;
import static io.switchboard.app.GatewayHarness.MODEL;
import static io.switchboard.app.GatewayHarness.chat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.api.GatewayMetrics;
import io.switchboard.testkit.TestStorage;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * With auth.onRedisOutage: admit, a key with a quota keeps working while Redis is down: its requests run unchecked
 * (and are counted as such), their usage is still recorded and charged in PostgreSQL.
 */
class RedisOutageAdmitTest extends GatewayTest {

  @Override
  protected JsonObject overrides() {
    return new JsonObject().put("auth", new JsonObject().put("onRedisOutage", "admit"));
  }

  @Test
  void limitedKeysRunUncheckedWhileRedisIsDown() throws Exception {
    TestStorage.execute("insert into user_groups (name) values ('default') on conflict do nothing");
    long user = Long.parseLong(TestStorage.query("insert into users (username, password_hash, balance_micros) "
      + "values ('ann', 'x', 1000000) returning id").get(0));
    TestStorage.execute("update api_keys set user_id = " + user + ", rpm = 1000 where name = 'client'");
    double uncheckedBefore = unchecked();

    TestStorage.stopRedis();
    try {
      for (int i = 0; i < 3; i++) {
        assertEquals(200, gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, false, null))
          .await(10, TimeUnit.SECONDS).status());
      }
    } finally {
      TestStorage.startRedis();
    }

    assertEquals(3.0, unchecked() - uncheckedBefore);
    assertEquals(List.of("3"), TestStorage.awaitRows("select count(*) from usage_log where user_id = " + user
      + " having count(*) = 3", 1));
  }

  private static double unchecked() {
    var counter = GatewayMetrics.registry().find("sb.auth.unchecked").counter();
    return counter == null ? 0 : counter.count();
  }
}
