package io.switchboard.app;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;

/**
 * One client connection that writes exactly the bytes a test gives it (a head, part of a body, nothing) and then
 * stalls, recording what the server answered and when it closed the connection.
 */
final class RawConnection {
  /** What the server did with the connection: its answer (empty if none) and when it closed, from the open. */
  record Ending(String answer, long answeredMs, long closedMs) {
    String statusLine() {
      int end = answer.indexOf("\r\n");
      return end < 0 ? answer : answer.substring(0, end);
    }

    String body() {
      int start = answer.indexOf("\r\n\r\n");
      return start < 0 ? "" : answer.substring(start + 4);
    }
  }

  private final Buffer received = Buffer.buffer();
  private final Promise<Ending> ending = Promise.promise();
  private final Promise<Void> written = Promise.promise();
  private final Promise<String> answered = Promise.promise();
  private long openedNanos;
  private long answeredNanos = -1;

  /** Opens a connection on {@code vertx}'s context and writes {@code bytes}; the socket then sends nothing more. */
  static RawConnection open(Vertx vertx, NetClient client, int port, Buffer bytes) {
    RawConnection connection = new RawConnection();
    vertx.runOnContext(v -> {
      connection.openedNanos = System.nanoTime();
      client.connect(port, "127.0.0.1").onComplete(connected -> {
        if (connected.failed()) {
          connection.ending.tryComplete(new Ending("", -1, connection.sinceOpen()));
          connection.written.tryComplete();
          connection.answered.tryComplete("");
          return;
        }
        NetSocket socket = connected.result();
        socket.handler(data -> {
          if (connection.answeredNanos < 0) {
            connection.answeredNanos = System.nanoTime();
          }
          connection.received.appendBuffer(data);
          String first = data.toString();
          int lineEnd = first.indexOf("\r\n");
          connection.answered.tryComplete(lineEnd < 0 ? first : first.substring(0, lineEnd));
        });
        socket.closeHandler(closed -> {
          connection.answered.tryComplete("");
          connection.ending.tryComplete(new Ending(connection.received.toString(),
            connection.answeredNanos < 0 ? -1 : (connection.answeredNanos - connection.openedNanos) / 1_000_000,
            connection.sinceOpen()));
        });
        if (bytes.length() == 0) {
          connection.written.tryComplete();
        } else {
          socket.write(bytes).onComplete(w -> connection.written.tryComplete());
        }
      });
    });
    return connection;
  }

  /** The head of a POST announcing {@code contentLength} body bytes, with the extra header lines given. */
  static String postHead(String path, long contentLength, String... headerLines) {
    StringBuilder head = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
      + "Content-Type: application/json\r\nContent-Length: " + contentLength + "\r\n");
    for (String line : headerLines) {
      head.append(line).append("\r\n");
    }
    return head.append("\r\n").toString();
  }

  private long sinceOpen() {
    return (System.nanoTime() - openedNanos) / 1_000_000;
  }

  /** Completes once the server has closed the connection. */
  Future<Ending> ending() {
    return ending.future();
  }

  /**
   * Completes once the server's first bytes arrive, with the first line of them (an answer's status line), or with ""
   * when the connection closes without any.
   */
  Future<String> answered() {
    return answered.future();
  }

  /** Completes once the bytes have been handed to the socket. */
  Future<Void> written() {
    return written.future();
  }
}
