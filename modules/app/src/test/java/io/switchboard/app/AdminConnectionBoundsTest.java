package io.switchboard.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.app.RawConnection.Ending;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The admin port keeps to its own connection bounds, as the client port does: connections that send no head or sit
 * idle are closed, the process serves at most its cap at once (a new connection taking the place of the longest
 * idle), and a console request is served meanwhile.
 */
class AdminConnectionBoundsTest extends AdminTest {
  private static final long HEAD_MS = 1000;
  private static final long IDLE_MS = 1500;
  private static final int MAX_CONNECTIONS = 20;
  /** A timer fires on a busy 2-core machine within this of its time. */
  private static final long SLACK_MS = 3000;
  private static final Buffer HEALTHZ = Buffer.buffer("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");

  @Override
  protected JsonObject adminOverrides() {
    return new JsonObject().put("admin", new JsonObject().put("headTimeoutMs", HEAD_MS).put("idleTimeoutMs", IDLE_MS)
      .put("maxConnections", MAX_CONNECTIONS));
  }

  @Test
  void connectionsWithoutAHeadOrIdleAfterAnAnswerAreClosed() throws Exception {
    ConnectionBoundsTest.headlessAndIdleConnectionsAreClosed(gw.vertx, adminPort, "POST /admin/auth/login", HEAD_MS,
      IDLE_MS, SLACK_MS);
  }

  @Test
  void connectionsThatSendNothingGiveWayAtTheCapAndTheClientPortIsNotCounted() throws Exception {
    NetClient raw = gw.vertx.createNetClient(new NetClientOptions());
    List<RawConnection> held = new ArrayList<>();
    for (int i = 0; i < MAX_CONNECTIONS; i++) {
      held.add(RawConnection.open(gw.vertx, raw, adminPort, Buffer.buffer()));
    }
    Future.join(held.stream().map(RawConnection::written).toList()).await(10, TimeUnit.SECONDS);
    double closedBefore = IdleConnectionsMakeRoomTest.idleClosed();

    // accepted after every one of them (the server accepts in the order of connecting), within their head timeout as
    // the test before this one was: one of them makes room
    assertEquals("HTTP/1.1 200 OK", RawConnection.open(gw.vertx, raw, adminPort, HEALTHZ).answered()
      .await(5, TimeUnit.SECONDS), "served at the cap");
    Ending madeRoom = ConnectionBoundsTest.firstClosed(held).ending().result();
    assertEquals("", madeRoom.answer(), "closed unanswered");
    assertEquals(1, IdleConnectionsMakeRoomTest.idleClosed() - closedBefore, "closed to make room, not timed out");
    assertEquals(200, gw.get("/healthz", null).await(5, TimeUnit.SECONDS).status(),
      "the client port counts its own connections");
  }
}
