package io.switchboard.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Counter;
import io.switchboard.api.GatewayMetrics;
import io.switchboard.app.RawConnection.Ending;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * At {@code http.maxConnections}, a new connection takes the place of the connection idle longest (between requests,
 * or not yet through its first head), which is closed; connections in the middle of a request are not taken, and
 * when all are, the new connection is refused.
 */
class IdleConnectionsMakeRoomTest extends GatewayTest {
  private static final int MAX_CONNECTIONS = 40;
  private static final Buffer HEALTHZ = Buffer.buffer("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");

  @Override
  protected JsonObject overrides() {
    // timeouts far past the test's length: only the bound closes a connection here
    return new JsonObject().put("http", new JsonObject().put("maxConnections", MAX_CONNECTIONS)
      .put("headTimeoutMs", 120_000).put("bodyTimeoutMs", 120_000).put("idleTimeoutMs", 120_000));
  }

  @Test
  void aNewConnectionClosesTheLongestIdleOne() throws Exception {
    NetClient raw = gw.vertx.createNetClient(new NetClientOptions());
    List<RawConnection> idle = new ArrayList<>();
    for (int i = 0; i < MAX_CONNECTIONS; i++) { // one at a time, so that they fell idle in this order
      RawConnection connection = RawConnection.open(gw.vertx, raw, gw.port, HEALTHZ);
      assertEquals("HTTP/1.1 200 OK", connection.answered().await(5, TimeUnit.SECONDS));
      idle.add(connection);
    }
    double closedBefore = idleClosed();
    double refusedBefore = refused();

    List<RawConnection> newcomers = new ArrayList<>();
    for (Ending oldest : newcomersTakeThePlacesOf(raw, idle.subList(0, 2), newcomers)) {
      assertTrue(oldest.statusLine().equals("HTTP/1.1 200 OK") && oldest.answer().split("HTTP/1.1").length == 2,
        "the longest idle connection was closed after its one answer: " + oldest.answer());
    }
    idle.addAll(newcomers);
    for (RawConnection connection : idle.subList(2, idle.size())) {
      assertFalse(connection.ending().isComplete(), "only the two longest idle were closed");
    }
    assertEquals(2, idleClosed() - closedBefore, "sb_idle_connections_closed_total");
    assertEquals(0, refused() - refusedBefore, "nothing refused");
  }

  @Test
  void connectionsThatSentNoWholeHeadGiveWayOldestFirstAndAClientIdleLongerGoesBeforeThem() throws Exception {
    NetClient raw = gw.vertx.createNetClient(new NetClientOptions());
    RawConnection keptAlive = RawConnection.open(gw.vertx, raw, gw.port, HEALTHZ);
    assertEquals("HTTP/1.1 200 OK", keptAlive.answered().await(5, TimeUnit.SECONDS));
    List<RawConnection> silent = new ArrayList<>();
    for (int i = 1; i < MAX_CONNECTIONS; i++) { // one at a time, so that they opened in this order
      // half send nothing, half a head a byte short of its end (as a client sending one a byte at a time)
      RawConnection connection = RawConnection.open(gw.vertx, raw, gw.port, i % 2 == 0 ? Buffer.buffer()
        : Buffer.buffer("GET /healthz HTTP/1.1\r\nHost: x\r\n"));
      connection.written().await(5, TimeUnit.SECONDS);
      silent.add(connection);
    }
    // the server accepts connections in the order they connected: these, before any newcomer below
    double closedBefore = idleClosed();
    double refusedBefore = refused();

    List<RawConnection> oldestIdleFirst = List.of(keptAlive, silent.get(0), silent.get(1));
    List<Ending> endings = newcomersTakeThePlacesOf(raw, oldestIdleFirst, new ArrayList<>());
    for (Ending ending : endings.subList(1, endings.size())) {
      assertEquals("", ending.answer(), "closed unanswered: " + ending.answer());
    }
    for (RawConnection connection : silent.subList(2, silent.size())) {
      assertFalse(connection.ending().isComplete(), "only the longest idle were closed");
    }
    assertEquals(3, idleClosed() - closedBefore, "sb_idle_connections_closed_total");
    assertEquals(0, refused() - refusedBefore, "nothing refused");
  }

  @Test
  void connectionsInTheMiddleOfARequestAreNotTakenAndANewOneIsRefused() throws Exception {
    NetClient raw = gw.vertx.createNetClient(new NetClientOptions());
    List<RawConnection> busy = new ArrayList<>();
    for (int i = 0; i < MAX_CONNECTIONS; i++) { // a head announcing a body that never comes: the request is being read
      busy.add(RawConnection.open(gw.vertx, raw, gw.port, Buffer.buffer(RawConnection.postHead("/v1/chat/completions",
        100, "Authorization: Bearer " + GatewayHarness.CLIENT_KEY, "Expect: 100-continue"))));
    }
    for (RawConnection connection : busy) { // asked for its body: its request has begun
      assertEquals("HTTP/1.1 100 Continue", connection.answered().await(10, TimeUnit.SECONDS));
    }
    double closedBefore = idleClosed();
    double refusedBefore = refused();

    Ending over = RawConnection.open(gw.vertx, raw, gw.port, HEALTHZ).ending().await(5, TimeUnit.SECONDS);
    assertEquals("", over.answer(), "refused unread");
    assertEquals(1, refused() - refusedBefore, "sb_refused_total{reason=\"connection_limit\"}");
    assertEquals(0, idleClosed() - closedBefore, "no busy connection was closed for it");
    for (RawConnection connection : busy) {
      assertFalse(connection.ending().isComplete(), "every busy connection is still open");
    }
  }

  /** {@code sb_idle_connections_closed_total}, over the process. */
  static double idleClosed() {
    Counter counter = GatewayMetrics.registry().find("sb.idle.connections.closed").counter();
    return counter == null ? 0 : counter.count();
  }

  /**
   * Opens one new connection for each of {@code oldestIdleFirst}, in turn: each is served (and added to
   * {@code newcomers}), and the next of them is closed to make room; their endings, in that order.
   */
  private List<Ending> newcomersTakeThePlacesOf(NetClient raw, List<RawConnection> oldestIdleFirst,
                                               List<RawConnection> newcomers) throws Exception {
    List<Ending> endings = new ArrayList<>();
    for (RawConnection gone : oldestIdleFirst) {
      RawConnection newcomer = RawConnection.open(gw.vertx, raw, gw.port, HEALTHZ);
      assertEquals("HTTP/1.1 200 OK", newcomer.answered().await(5, TimeUnit.SECONDS), "the new connection is served");
      endings.add(gone.ending().await(5, TimeUnit.SECONDS));
      newcomers.add(newcomer);
    }
    return endings;
  }

  private static double refused() {
    Counter counter = GatewayMetrics.registry().find("sb.refused").tag("reason", "connection_limit").counter();
    return counter == null ? 0 : counter.count();
  }
}
