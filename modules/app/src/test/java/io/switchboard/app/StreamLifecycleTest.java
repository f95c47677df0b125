package io.switchboard.app;

import static io.switchboard.app.GatewayHarness.CLIENT_KEY;
import static io.switchboard.app.GatewayHarness.MODEL;
import static io.switchboard.testkit.TestStorage.awaitRows;
import static io.switchboard.app.GatewayHarness.chat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.api.Addresses;
import io.switchboard.api.ConfigChanged;
import io.switchboard.app.GatewayHarness.Reply;
import io.switchboard.testkit.MockBehavior;
import io.switchboard.testkit.MockUpstream;
import io.switchboard.testkit.TestStorage;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How streams end when something other than the upstream's own end stops them. */
class StreamLifecycleTest extends GatewayTest {

  @Test
  void clientLeavingMidStreamClosesTheUpstreamConnectionAndIsRecorded() throws Exception {
    gw.mock.respond(MockBehavior.ok().withChunks(500).withChunkDelayMs(20));
    Promise<Void> firstData = Promise.promise();
    gw.vertx.getOrCreateContext().runOnContext(onContext -> // handlers set on the context that delivers the data
      gw.client.request(new RequestOptions().setMethod(HttpMethod.POST).setURI("/v1/chat/completions")
          .putHeader("authorization", "Bearer " + CLIENT_KEY))
        .compose(req -> req.send(chat(MODEL, true, null)).map(resp -> {
          resp.handler(data -> {
            if (firstData.tryComplete()) {
              req.connection().close(); // the client goes away after the first bytes
            }
          });
          return resp;
        })));
    firstData.future().await();

    long deadline = System.currentTimeMillis() + 5000;
    while (gw.mock.closedEarly() == 0 && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
    assertEquals(1, gw.mock.closedEarly(), "the upstream saw its connection closed");
    assertFalse(gw.mock.lastStreamBody().toString().contains("[DONE]"), "the upstream stopped early");
    List<String> rows = awaitRows("select concat_ws('|', status, stream, outcome, ttfb_ms is not null) from usage_log", 1);
    assertEquals(List.of("200|t|client_closed|t"), rows);
  }

  @Test
  void aClientLeavingBeforeItsHeadIsRecordedAtOnceAsClientClosed() throws Exception {
    gw.mock.respond(MockBehavior.ok().withChunks(3).withHeadersDelayMs(1500));
    NetSocket socket = gw.vertx.createNetClient().connect(gw.port, "127.0.0.1").await();
    socket.write(streamRequest()).await();
    long deadline = System.currentTimeMillis() + 5000;
    while (gw.mock.received().isEmpty() && System.currentTimeMillis() < deadline) {
      Thread.sleep(10);
    }
    socket.close().await(); // the upstream has the call and has not answered yet

    // no byte was answered: 499; the cancel stopped the upstream, which did nothing wrong (no error class)
    assertEquals(List.of("499|client_closed|-|-"), awaitRows("select concat_ws('|', status, outcome, "
      + "coalesce(error_class, '-'), coalesce(ttfb_ms::text, '-')) from usage_log", 1));
    assertEquals(0, LeavingClients.awaitZero(gw, "sb_streams_active"), "the stream has ended");
  }

  @Test
  void clientsLeavingRightAfterAskingLeaveNothingBehind() throws Exception {
    gw.mock.respond(MockBehavior.ok().withChunks(20).withChunkDelayMs(5));
    Scrape before = LeavingClients.scrape(gw);
    int clients = 60;
    LeavingClients.run(gw, streamRequest(), clients);

    // each is answered for at once: refused as it left before its body was read (no row), or a row saying it left
    Scrape after = LeavingClients.awaitCounted(gw, before, clients);
    double closed = LeavingClients.moved(before, after, "outcome", "client_closed");
    double refused = LeavingClients.moved(before, after, "outcome", "bad_request");
    assertEquals(clients, LeavingClients.moved(before, after), "every request counted once");
    assertEquals(clients, closed + refused, "client_closed " + closed + ", refused " + refused);
    List<String> rows = awaitRows("select concat_ws('|', status, outcome, coalesce(error_class, '-')) "
      + "from usage_log", (int) closed);
    assertEquals((int) closed, rows.size());
    for (String row : rows) {
      assertTrue(row.equals("499|client_closed|-") || row.equals("200|client_closed|-"), row);
    }
    assertEquals(0, LeavingClients.awaitZero(gw, "sb_streams_active"), "no stream waits for a client that is gone");
    assertEquals(0, LeavingClients.awaitZero(gw, "sb_deployment_in_flight", "role", "ingress"),
      "no request waits for a body that will not come");
  }

  private static Buffer streamRequest() {
    return LeavingClients.request("POST", "/v1/chat/completions", CLIENT_KEY, "application/json",
      Buffer.buffer(chat(MODEL, true, null)));
  }

  @Test
  void upstreamDyingAfterTheFirstByteBecomesAnInBandErrorEvent() throws Exception {
    gw.mock.respond(MockBehavior.ok().withChunks(10).withAbortAfterChunks(4));

    Reply reply = gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, true, null)).await();

    assertEquals(200, reply.status(), "the head had been sent: nothing is retried after the first byte");
    String body = reply.body().toString();
    for (int i = 0; i < 4; i++) {
      assertTrue(body.contains(MockUpstream.token(i)), "chunk " + i + " was delivered");
    }
    String[] events = body.split("\n\n");
    JsonObject last = new JsonObject(events[events.length - 1].substring("data: ".length()));
    assertEquals("server_error", last.getJsonObject("error").getString("type"));
    assertFalse(body.contains("[DONE]"));
    assertEquals(1, gw.mock.received().size(), "no second attempt after the first byte");
    assertEquals(List.of("200|UPSTREAM_ERROR"), awaitRows("select concat_ws('|', status, outcome) from usage_log", 1));
  }

  @Test
  void upstreamFailingBeforeTheFirstByteFailsOverToTheNextAccount() throws Exception {
    // a second account, preferred by priority, whose upstream is overloaded: the request must still succeed
    MockUpstream failing = MockUpstream.start(gw.vertx).await();
    failing.respond(MockBehavior.ok().withStatus(503));
    TestStorage.query("insert into accounts (name, provider, base_url, models, priority) values "
      + "('overloaded', 'openai', '" + failing.baseUrl() + "', '{gpt-4o-mini,overloaded-probe}', 10) returning id");
    gw.vertx.eventBus().publish(Addresses.CONFIG_CHANGED, new ConfigChanged(ConfigChanged.ACCOUNT, null));
    ModelsPolling.awaitModel(gw, "overloaded-probe");
    gw.mock.respond(MockBehavior.ok().withChunks(3));

    Reply reply = gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, true, null)).await();

    assertEquals(200, reply.status());
    assertTrue(reply.body().toString().endsWith("data: [DONE]\n\n"));
    assertEquals(1, failing.received().size(), "the preferred account was tried first");
    assertEquals(1, gw.mock.received().size(), "then the next one answered");
    assertEquals(List.of("200|ok|mock"), awaitRows("select concat_ws('|', u.status, u.outcome, a.name) "
      + "from usage_log u join accounts a on a.id = u.account_id", 1));
    failing.close().await();
  }
}
