package io.switchboard.app;

import static io.switchboard.app.GatewayHarness.CLIENT_KEY;
import static io.switchboard.app.GatewayHarness.chat;
import static io.switchboard.app.UpstreamFleet.MODEL;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.api.Addresses;
import io.switchboard.api.CircuitState;
import io.switchboard.testkit.MockBehavior;
import io.switchboard.testkit.MockUpstream;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** An account failing in a row opens its circuit, is skipped, half-opens with one probe and closes when it succeeds. */
class CircuitBreakerTest extends GatewayTest {
  private UpstreamFleet fleet;

  @Override
  protected JsonObject overrides() {
    // the breaker's own half-open probe is under test: the cron health probe (every :00 and :30) would send a second
    // one whenever a run straddles its tick. Open for 3 s: the first test's steps between the circuit opening and the
    // upstream being mended must come before the probe, also on a machine that stalls a second
    return new JsonObject()
      .put("scheduler", new JsonObject().put("stickyTtlMs", 0)
        .put("health", new JsonObject().put("probeIntervalMs", 600_000)))
      .put("cron", new JsonObject().put("jobs", new JsonObject().put("health-probes",
        new JsonObject().put("schedule", "*/30 * * * * *").put("enabled", false))))
      .put("providers", new JsonObject().put("openai", new JsonObject()
        .put("circuit", new JsonObject().put("consecutiveFailures", 2).put("openMs", 3000))));
  }

  @AfterEach
  void closeFleet() {
    fleet.close();
  }

  @Test
  void aBreakerOpensIsSkippedAndClosesAfterASuccessfulHalfOpenProbe() throws Exception {
    List<String> states = new CopyOnWriteArrayList<>();
    gw.vertx.eventBus().<CircuitState>consumer(Addresses.CIRCUIT_STATE, m -> states.add(m.body().state()))
      .completion().await();
    fleet = new UpstreamFleet(gw);
    MockUpstream flaky = fleet.add("flaky", 10);
    flaky.respond(MockBehavior.ok().withStatus(500));
    fleet.add("steady", 0);

    for (int i = 0; i < 2; i++) {
      assertEquals(200, gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, false, null)).await().status());
    }
    awaitStates(states, List.of(CircuitState.OPEN));
    assertEquals(Map.of("flaky", 2, "steady", 2), fleet.received());

    assertEquals(200, gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, false, null)).await().status());
    assertEquals(Map.of("flaky", 2, "steady", 3), fleet.received(), "an open account is skipped");

    flaky.respond(MockBehavior.ok());
    awaitStates(states, List.of(CircuitState.OPEN, CircuitState.HALF_OPEN, CircuitState.CLOSED));
    assertEquals(3, flaky.received().size(), "exactly one probe went through the half-open circuit");
    assertEquals(16, flaky.received().get(2).json().getInteger("max_completion_tokens"), "a minimal request");

    assertEquals(200, gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, false, null)).await().status());
    assertEquals(Map.of("flaky", 4, "steady", 3), fleet.received(), "the closed account serves again, first");
  }

  @Test
  void aFailedHalfOpenProbeOpensTheCircuitAgain() throws Exception {
    List<String> states = new CopyOnWriteArrayList<>();
    gw.vertx.eventBus().<CircuitState>consumer(Addresses.CIRCUIT_STATE, m -> states.add(m.body().state()))
      .completion().await();
    fleet = new UpstreamFleet(gw);
    fleet.add("dead", 10).respond(MockBehavior.ok().withStatus(503));
    fleet.add("alive", 0);
    for (int i = 0; i < 2; i++) {
      assertEquals(200, gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, false, null)).await().status());
    }
    awaitStates(states, List.of(CircuitState.OPEN, CircuitState.HALF_OPEN, CircuitState.OPEN));
  }

  @Test
  void clientsLeavingBeforeTheUpstreamAnswersDoNotOpenTheCircuit() throws Exception {
    List<String> states = new CopyOnWriteArrayList<>();
    gw.vertx.eventBus().<CircuitState>consumer(Addresses.CIRCUIT_STATE, m -> states.add(m.body().state()))
      .completion().await();
    fleet = new UpstreamFleet(gw);
    fleet.add("slow", 0).respond(MockBehavior.ok().withHeadersDelayMs(400));
    List<HttpClient> clients = new CopyOnWriteArrayList<>();
    for (int i = 0; i < 3; i++) { // three streams whose clients leave while the upstream is still silent
      HttpClient client = gw.vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1")
        .setDefaultPort(gw.port));
      clients.add(client);
      client.request(new RequestOptions().setMethod(HttpMethod.POST).setURI("/v1/chat/completions")
          .putHeader("authorization", "Bearer " + CLIENT_KEY))
        .compose(req -> req.send(chat(MODEL, true, null)));
    }
    Thread.sleep(150);
    for (HttpClient client : clients) {
      client.close().await();
    }
    Thread.sleep(600); // the cancelled upstream requests have ended by now

    assertEquals(List.of(), states, "the account did nothing wrong: its circuit stays closed");
    assertEquals(200, gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, true, null)).await().status());
  }

  private static void awaitStates(List<String> states, List<String> expected) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 10_000;
    while (!states.equals(expected) && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
    assertEquals(expected, states);
  }
}
