package io.switchboard.app;

import static io.switchboard.app.GatewayHarness.CLIENT_KEY;
import static io.switchboard.app.GatewayHarness.MODEL;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.api.Addresses;
import io.switchboard.api.AuthRequest;
import io.switchboard.api.Candidate;
import io.switchboard.api.ChatRequest;
import io.switchboard.api.Dialect;
import io.switchboard.api.Principal;
import io.switchboard.api.ProviderCall;
import io.switchboard.api.ProviderHead;
import io.switchboard.api.ProviderKind;
import io.switchboard.testkit.TestStorage;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A burst of one key's first requests, to one account, reads the key and the account from PostgreSQL once each:
 * every request had its own lookups, and past the pool's wait queue ({@code storage.postgres.maxWaitQueue}) they
 * failed at once, answered 503 "key verification is unavailable right now" (3,000 at once against the README's
 * defaults: 1,997 of them) or "the account's settings could not be read". The burst is sent in one turn of a context,
 * so that every request is in before the first read ends.
 */
class KeyLookupBurstTest extends GatewayTest {
  private static final int REQUESTS = 100;

  @Override
  protected JsonObject overrides() {
    // two pooled connections and 30 callers waiting for them: room for the start's reads, not for a read per request
    return new JsonObject().put("storage", new JsonObject().put("postgres", new JsonObject()
      .put("poolSize", 2).put("maxWaitQueue", 30)));
  }

  @Test
  void aBurstOfAKeysFirstRequestsReadsTheKeyOnce() {
    EventBus bus = gw.vertx.eventBus();
    Map<String, Integer> answers = inOneTurn(i -> bus.<Principal>request(Addresses.AUTH_VERIFY,
      AuthRequest.identifying(CLIENT_KEY)).map(reply -> reply.body().keyName()));
    assertEquals(Map.of("client", REQUESTS), answers);
  }

  @Test
  void aBurstOfCallsOnAnAccountNotReadYetReadsItOnce() throws Exception {
    EventBus bus = gw.vertx.eventBus();
    long id = Long.parseLong(TestStorage.query("select id from accounts where name = 'mock'").get(0));
    ChatRequest request = new ChatRequest(Dialect.OPENAI, MODEL, false, false,
      new JsonObject(GatewayHarness.chat(MODEL, false, null)));
    Map<String, Integer> answers = inOneTurn(i -> bus.<ProviderHead>request(Addresses.provider(ProviderKind.OPENAI),
        new ProviderCall("burst-" + i, new Candidate(id, "mock", ProviderKind.OPENAI, MODEL), request, 65_536))
      .map(reply -> reply.body().status() + (reply.body().ok() ? "" : " " + reply.body().message())));
    assertEquals(Map.of("200", REQUESTS), answers);
  }

  /** Sends {@link #REQUESTS} requests in one turn of a context; how many got each answer. */
  private Map<String, Integer> inOneTurn(Function<Integer, Future<String>> send) {
    return BusBurst.tally(BusBurst.send(gw.vertx, REQUESTS, send));
  }
}
