package io.switchboard.api;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.core.shareddata.Shareable;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds what a connection may hold of an HTTP server (the client port, the admin port). The process serves at most
 * {@code maxConnections} at once per server (every instance of it counts against one number). At that bound a new
 * connection takes the place of the connection that has been idle longest on the same instance (no request in
 * progress: between requests, or not yet through its first head), which is closed (as a server may close an idle
 * keep-alive connection at any time: its client connects again), and is closed itself only when that instance has
 * none idle; so neither idle clients nor a flood of connections that send nothing (or a head a byte at a time) can
 * hold more heap than the bound allows or keep a new client out (with only connections idle between requests taken,
 * 4,000 that sent nothing left every new client refused until they timed out). A new connection must
 * deliver its first request head within {@code headTimeoutMs}; a connection with no request in progress is closed
 * after {@code idleTimeoutMs}. A request in progress is not timed here (a non-streamed answer may take minutes
 * upstream): its body has its own limit where it is read, its upstream the provider's timers. When an answer ends
 * before the request's body was read (a refused key, a body too large or too slow), what still arrives of that body is
 * dropped unread for at most {@link #LINGER_MS}. A body announced at most {@link #DRAIN_BYTES} long that arrives whole
 * in that time leaves its HTTP/1 connection open for the next request, as one answered after its body was read (a
 * client refused for its key does not have to connect again); any other is closed (closing with unread bytes resets
 * the connection, and the client may lose the answer, hence the wait).
 * Cleartext HTTP/2 counts its streams as requests of the same connection; with it on, Vert.x hands a connection over
 * (and so to {@link #accept}) only once its first head is through: until then the server's read-idle timer (set to
 * the head timeout) closes one that sends nothing, and {@link #accept} takes that timer off, its own taking over.
 */
public final class ConnectionBounds {
  /** How long a connection answered before its body was read still drops what arrives before it is closed. */
  static final long LINGER_MS = 2000;
  /** The longest unread body after which a connection is kept (read and dropped); a longer one closes it. */
  static final long DRAIN_BYTES = 64 * 1024;
  /** Vert.x' name for a server connection's idle-state handler, when its options set an idle timeout. */
  private static final String IDLE_HANDLER = "idle";
  private final Vertx vertx;
  private final Limits limits;
  private final AtomicInteger open;
  private final Map<HttpConnection, Watch> watches = new HashMap<>();
  /** This instance's connections with no request in progress, the longest idle first (linked through the watches). */
  private Watch idleFirst;
  private Watch idleLast;

  /** What one server's connections may hold: how many at once, how long to the first head, how long idle. */
  public record Limits(int maxConnections, long headTimeoutMs, long idleTimeoutMs) {
  }

  /** For the server named {@code server}: its connections are counted over every instance of it in this process. */
  public ConnectionBounds(Vertx vertx, Limits limits, String server) {
    this.vertx = vertx;
    this.limits = limits;
    this.open = vertx.sharedData().<String, OpenConnections>getLocalMap("sb.connections")
      .computeIfAbsent(server, k -> new OpenConnections()).count;
  }

  /** Connections open in this process for one server, over its instances: one count shared through the local map. */
  private static final class OpenConnections implements Shareable {
    final AtomicInteger count = new AtomicInteger();
  }

  /**
   * The server's connection handler: over the cap, closes the longest idle connection to make room, or refuses this
   * one if none is idle; then starts its first-head timer. The count falls when the idle one's close completes.
   */
  public void accept(HttpConnection connection) {
    if (open.incrementAndGet() > limits.maxConnections()) {
      Watch idle = idleFirst;
      if (idle == null) {
        open.decrementAndGet();
        GatewayMetrics.refused("connection_limit");
        connection.close();
        return;
      }
      idle.leaveIdleList();
      GatewayMetrics.idleClosedForRoom();
      idle.connection.close();
    }
    if (connection instanceof ConnectionBase base && base.channel().pipeline().get(IDLE_HANDLER) != null) {
      base.channel().pipeline().remove(IDLE_HANDLER); // the server's timer until the hand-over (h2c): ours from here
    }
    Watch watch = new Watch(connection);
    watches.put(connection, watch);
    connection.closeHandler(v -> {
      watch.leaveIdleList();
      watch.cancel();
      watches.remove(connection);
      open.decrementAndGet();
    });
    watch.opened();
  }

  /** Wraps the request handler: each request is counted on its connection until its answer has ended. */
  public Handler<HttpServerRequest> around(Handler<HttpServerRequest> next) {
    return request -> {
      Watch watch = watches.get(request.connection());
      if (watch != null) {
        watch.began(request);
      }
      next.handle(request);
    };
  }

  /**
   * An HTTP/1 request that announces a body (a length above 0, or chunks) answered, or being answered, before that
   * body was read: its connection cannot be reused.
   */
  private static boolean unreadBody(HttpServerRequest request) {
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    boolean announced = request.headers().contains(HttpHeaders.TRANSFER_ENCODING)
      || length != null && !length.trim().equals("0");
    return request.version() != HttpVersion.HTTP_2 && announced && !request.isEnded();
  }

  /**
   * An unread body short enough to be read and dropped to keep its connection: a length of at most DRAIN_BYTES, and
   * no {@code Expect: 100-continue} (its client, answered first, may rightly never send the body, and its next request
   * would be read as that body).
   */
  private static boolean drainable(HttpServerRequest request) {
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length == null || request.headers().contains(HttpHeaders.TRANSFER_ENCODING)
      || request.headers().contains(HttpHeaders.EXPECT)) {
      return false;
    }
    try {
      return Long.parseLong(length.trim()) <= DRAIN_BYTES;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /**
   * One connection's requests in progress and the timer that closes it once it has had none for its limit (the head
   * timeout until a request has begun, then the idle timeout). The timer is not moved per request: it is set when
   * the connection opens or falls idle with none running, and when it fires it closes the connection only if that
   * has been idle long enough, else it is set again for the rest of the time.
   */
  private final class Watch {
    private final HttpConnection connection;
    private int active;
    private boolean served;
    private boolean lingering;
    private long idleSinceNanos;
    private long timer = -1;
    /** Neighbours in the instance's idle list while this connection is in it, the longer idle first. */
    private Watch before;
    private Watch after;
    private boolean listed;

    Watch(HttpConnection connection) {
      this.connection = connection;
    }

    void opened() {
      idleSinceNanos = System.nanoTime();
      joinIdleList(); // idle until its first head is through, and the first to go if that never comes
      arm(limits.headTimeoutMs());
    }

    void began(HttpServerRequest request) {
      leaveIdleList();
      active++;
      served = true;
      boolean[] counted = {false};
      Handler<Void> ended = v -> {
        if (!counted[0]) {
          counted[0] = true;
          ended(request);
        }
      };
      HttpServerResponse response = request.response();
      // the end of the answer, or the connection (or HTTP/2 stream) closing before it
      response.endHandler(ended).exceptionHandler(failure -> ended.handle(null));
      // a client told the connection closes does not send its next request on it
      response.headersEndHandler(v -> {
        if (unreadBody(request) && !drainable(request)) {
          response.putHeader(HttpHeaders.CONNECTION, "close");
        }
      });
    }

    private void ended(HttpServerRequest request) {
      active--;
      if (unreadBody(request)) {
        linger(request, drainable(request));
        return;
      }
      idle();
    }

    private void idle() {
      if (active == 0) {
        idleSinceNanos = System.nanoTime();
        joinIdleList();
        if (timer < 0) {
          arm(limits.idleTimeoutMs());
        }
      }
    }

    /** Joins the end of the idle list: the connection that fell idle (or opened) last is the last to make room. */
    private void joinIdleList() {
      leaveIdleList();
      listed = true;
      before = idleLast;
      if (idleLast == null) {
        idleFirst = this;
      } else {
        idleLast.after = this;
      }
      idleLast = this;
    }

    /** Leaves the idle list, if it is there: a request began, or the connection is closing or closed. */
    void leaveIdleList() {
      if (!listed) {
        return;
      }
      listed = false;
      if (before == null) {
        idleFirst = after;
      } else {
        before.after = after;
      }
      if (after == null) {
        idleLast = before;
      } else {
        after.before = before;
      }
      before = null;
      after = null;
    }

    /**
     * Drops the rest of an unread body until it ends or {@link #LINGER_MS} pass; then closes the connection, unless
     * the body ended in time and is to be {@code kept}.
     */
    private void linger(HttpServerRequest request, boolean kept) {
      lingering = true;
      long closing = vertx.setTimer(LINGER_MS, id -> connection.close());
      request.handler(dropped -> { }).exceptionHandler(failure -> {
        vertx.cancelTimer(closing);
        connection.close();
      }).endHandler(v -> {
        vertx.cancelTimer(closing);
        if (kept) {
          lingering = false;
          idle();
        } else {
          connection.close();
        }
      }).resume();
    }

    private void arm(long ms) {
      timer = vertx.setTimer(ms, id -> {
        timer = -1;
        if (active > 0 || lingering) {
          return; // the end of the last request running sets it again; a lingering connection closes itself
        }
        long limitMs = served ? limits.idleTimeoutMs() : limits.headTimeoutMs();
        long idleMs = (System.nanoTime() - idleSinceNanos) / 1_000_000;
        if (idleMs < limitMs) {
          arm(limitMs - idleMs);
          return;
        }
        if (!served) {
          GatewayMetrics.refused("header_timeout"); // an idle connection refuses nothing: a client may keep one
        }
        connection.close();
      });
    }

    void cancel() {
      if (timer >= 0) {
        vertx.cancelTimer(timer);
        timer = -1;
      }
    }
  }
}
