package io.switchboard.providers.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An upstream's answer reads whole, every byte in order, whether it came in one piece, several or none. */
class WholeBodyTest {
  private Vertx vertx;
  private HttpServer upstream;
  private HttpClientAgent client;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    upstream = vertx.createHttpServer().requestHandler(request -> {
      List<String> pieces = switch (request.path()) {
        case "/one" -> List.of("{\"id\":\"chatcmpl-1\",\"choices\":[]}");
        case "/three" -> List.of("{\"id\":", "\"chatcmpl-3\",", "\"choices\":[\"Grüße ✓\"]}");
        default -> List.of();
      };
      if (pieces.size() == 1) {
        request.response().end(pieces.get(0));
        return;
      }
      request.response().setChunked(true);
      writeApart(request.response(), pieces, 0);
    }).listen(0, "127.0.0.1").await();
    client = vertx.createHttpClient();
  }

  /** One piece a few milliseconds after the other, so that each is a read of its own. */
  private void writeApart(HttpServerResponse response, List<String> pieces, int next) {
    if (next == pieces.size()) {
      response.end();
      return;
    }
    response.write(pieces.get(next));
    vertx.setTimer(20, id -> writeApart(response, pieces, next + 1));
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  private String read(String path) {
    return client.request(HttpMethod.GET, upstream.actualPort(), "127.0.0.1", path)
      .compose(request -> request.send())
      .compose(WholeBody::of)
      .map(Buffer::toString)
      .await();
  }

  @Test
  void aBodyInOnePieceIsThatPiece() {
    assertEquals("{\"id\":\"chatcmpl-1\",\"choices\":[]}", read("/one"));
  }

  @Test
  void aBodyInSeveralPiecesIsJoinedInOrder() {
    assertEquals("{\"id\":\"chatcmpl-3\",\"choices\":[\"Grüße ✓\"]}", read("/three"));
  }

  @Test
  void anEmptyBodyIsEmpty() {
    assertEquals("", read("/none"));
  }
}
