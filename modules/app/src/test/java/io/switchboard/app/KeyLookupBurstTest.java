package io.switchboard.app;

import static io.switchboard.app.GatewayHarness.CLIENT_KEY;
import static io.switchboard.app.GatewayHarness.MODEL;
import static io.switchboard.app.GatewayHarness.chat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.app.GatewayHarness.Reply;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A burst of one key's first requests, to one account, reads the key and the account from PostgreSQL once each:
 * every request had its own lookups, and past the pool's wait queue ({@code storage.postgres.maxWaitQueue}) they
 * failed at once, answered 503 "key verification is unavailable right now" (3,000 at once against the README's
 * defaults: 1,997 of them) or "the account's settings could not be read".
 */
class KeyLookupBurstTest extends GatewayTest {
  private static final int REQUESTS = 40;

  @Override
  protected JsonObject overrides() {
    // one pooled connection and two callers waiting for it: a second lookup of the key already waits
    return new JsonObject().put("storage", new JsonObject().put("postgres", new JsonObject()
      .put("poolSize", 1).put("maxWaitQueue", 2)));
  }

  @Test
  void aBurstOfAKeysFirstRequestsReadsTheKeyOnce() throws Exception {
    List<Future<Reply>> replies = new ArrayList<>();
    for (int i = 0; i < REQUESTS; i++) {
      replies.add(gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, false, null)));
    }
    Map<Integer, Integer> statuses = new TreeMap<>();
    List<String> refusals = new ArrayList<>();
    for (Future<Reply> reply : replies) {
      Reply answered = reply.await(20, TimeUnit.SECONDS);
      statuses.merge(answered.status(), 1, Integer::sum);
      if (answered.status() != 200) {
        refusals.add(answered.body().toString());
      }
    }
    assertEquals(Map.of(200, REQUESTS), statuses, String.join("\n", refusals));
  }
}
