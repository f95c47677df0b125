package io.switchboard.app;

import static io.switchboard.app.GatewayHarness.CLIENT_KEY;
import static io.switchboard.app.GatewayHarness.MODEL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.api.Addresses;
import io.switchboard.api.AuthRequest;
import io.switchboard.api.Candidate;
import io.switchboard.api.ChatRequest;
import io.switchboard.api.ConfigChanged;
import io.switchboard.api.Dialect;
import io.switchboard.api.Principal;
import io.switchboard.api.ProviderCall;
import io.switchboard.api.ProviderHead;
import io.switchboard.api.ProviderKind;
import io.switchboard.testkit.MockUpstream;
import io.switchboard.testkit.TestStorage;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * A lookup that is in flight when a change is announced must not fill a cache: what it read may predate the change,
 * and the announcement that would have dropped it has already passed. Each test lets the announcement overtake a
 * lookup (both are sent in one turn of a context, so the announcement arrives before the lookup's answer) and then
 * changes the row the lookup read: the next request must see the row as it is, on every instance.
 */
class CacheRaceTest extends GatewayTest {

  @Override
  protected JsonObject overrides() {
    return new JsonObject().put("auth", new JsonObject().put("instances", 2));
  }

  /** Runs {@code sends} in one turn of a context and waits for every answer. */
  private <T> List<Future<T>> inOneTurn(Supplier<List<Future<T>>> sends) {
    Promise<List<Future<T>>> sent = Promise.promise();
    gw.vertx.getOrCreateContext().runOnContext(v -> sent.complete(sends.get()));
    List<Future<T>> answers = sent.future().await();
    Future.join(new ArrayList<>(answers)).otherwiseEmpty().await();
    return answers;
  }

  @Test
  void aKeyDisabledWhileItsLookupWasInFlightIsRefusedByEveryAuthInstance() throws Exception {
    EventBus bus = gw.vertx.eventBus();
    List<Future<Principal>> first = inOneTurn(() -> {
      List<Future<Principal>> asked = new ArrayList<>();
      for (int i = 0; i < 2; i++) { // requests take turns: one lookup on each auth instance
        asked.add(bus.<Principal>request(Addresses.AUTH_VERIFY, AuthRequest.identifying(CLIENT_KEY))
          .map(m -> m.body()));
      }
      bus.publish(Addresses.CONFIG_CHANGED, new ConfigChanged(ConfigChanged.API_KEY, null));
      return asked;
    });
    first.forEach(answer -> assertTrue(answer.succeeded(), "asked before the change: " + answer.cause()));

    TestStorage.query("update api_keys set enabled = false where name = 'client' returning id");

    for (int i = 0; i < 2; i++) {
      Throwable refused = bus.request(Addresses.AUTH_VERIFY, AuthRequest.identifying(CLIENT_KEY))
        .transform(done -> Future.succeededFuture(done.cause())).await();
      assertTrue(refused instanceof ReplyException, "instance " + i + " answered from its cache");
      assertEquals(403, ((ReplyException) refused).failureCode());
    }
  }

  @Test
  void anAccountMovedWhileItsLookupWasInFlightIsCalledWhereItIsNow() throws Exception {
    EventBus bus = gw.vertx.eventBus();
    MockUpstream moved = MockUpstream.start(gw.vertx).await();
    try {
      long id = Long.parseLong(TestStorage.query("select id from accounts where name = 'mock'").get(0));
      List<Future<ProviderHead>> first = inOneTurn(() -> {
        Future<ProviderHead> asked = bus.<ProviderHead>request(Addresses.provider(ProviderKind.OPENAI), call(id, "race-1"))
          .map(m -> m.body());
        bus.publish(Addresses.CONFIG_CHANGED, new ConfigChanged(ConfigChanged.ACCOUNT, id));
        return List.of(asked);
      });
      assertEquals(200, first.get(0).result().status());

      TestStorage.query("update accounts set base_url = '" + moved.baseUrl() + "' where id = " + id + " returning id");

      ProviderHead next = bus.<ProviderHead>request(Addresses.provider(ProviderKind.OPENAI), call(id, "race-2"))
        .await().body();
      assertEquals(200, next.status());
      assertEquals(1, moved.received().size(), "the account is called at its address as it is now");
      assertEquals(1, gw.mock.received().size());
    } finally {
      moved.close().await();
    }
  }

  private static ProviderCall call(long accountId, String requestId) {
    ChatRequest request = new ChatRequest(Dialect.OPENAI, MODEL, false, false, new JsonObject(GatewayHarness.chat(MODEL,
      false, null)));
    return new ProviderCall(requestId, new Candidate(accountId, "mock", ProviderKind.OPENAI, MODEL), request, 65_536);
  }
}
