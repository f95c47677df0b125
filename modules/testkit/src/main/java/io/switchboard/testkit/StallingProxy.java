package io.switchboard.testkit;

import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * A TCP proxy in front of a server that a test can make stop answering: while stalled it accepts connections and
 * forwards nothing either way (the server seems alive and silent), then forwards again once resumed. Started
 * stalled, it is a listener that accepts and never replies.
 */
public final class StallingProxy implements AutoCloseable {
  private final Context context;
  private final NetServer server;
  private final NetClient client;
  private final int targetPort;
  private final List<NetSocket> sockets = new ArrayList<>();
  private boolean stalled;

  private StallingProxy(Vertx vertx, int targetPort, boolean stalled) {
    this.context = vertx.getOrCreateContext();
    this.server = vertx.createNetServer();
    this.client = vertx.createNetClient();
    this.targetPort = targetPort;
    this.stalled = stalled;
  }

  /** A proxy to 127.0.0.1:{@code targetPort}, forwarding until stalled. */
  public static StallingProxy to(Vertx vertx, int targetPort) {
    return start(new StallingProxy(vertx, targetPort, false));
  }

  /** A listener that accepts connections and never answers. */
  public static StallingProxy silent(Vertx vertx) {
    return start(new StallingProxy(vertx, 1, true));
  }

  private static StallingProxy start(StallingProxy proxy) {
    Promise<Void> listening = Promise.promise();
    proxy.context.runOnContext(v -> proxy.server.connectHandler(proxy::accept).listen(0, "127.0.0.1")
      .<Void>mapEmpty().onComplete(listening));
    listening.future().await();
    return proxy;
  }

  public int port() {
    return server.actualPort();
  }

  /** Stops forwarding on every connection, open or to come. */
  public void stall() {
    onContext(() -> {
      stalled = true;
      sockets.forEach(NetSocket::pause);
    });
  }

  /** Forwards again. */
  public void resume() {
    onContext(() -> {
      stalled = false;
      sockets.forEach(NetSocket::resume);
    });
  }

  private void accept(NetSocket in) {
    in.pause();
    sockets.add(in);
    in.closeHandler(v -> sockets.remove(in));
    if (targetPort == 1) {
      return; // silent: held open, never read
    }
    client.connect(targetPort, "127.0.0.1").onSuccess(out -> {
      sockets.add(out);
      in.handler(out::write);
      out.handler(in::write);
      in.closeHandler(v -> {
        sockets.remove(in);
        out.close();
      });
      out.closeHandler(v -> {
        sockets.remove(out);
        in.close();
      });
      if (stalled) {
        out.pause();
      } else {
        in.resume();
      }
    }).onFailure(failure -> in.close());
  }

  private void onContext(Runnable action) {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> {
      action.run();
      done.complete();
    });
    done.future().await();
  }

  @Override
  public void close() {
    server.close().await();
    client.close().await();
  }
}
