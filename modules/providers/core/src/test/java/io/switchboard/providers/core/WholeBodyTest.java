package io.switchboard.providers.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An upstream's answer reads whole, every byte in order, whether it came in one piece, several or none; one larger
 * than the limit fails, at once when its head says so, and its connection is closed. The answers being read hold at
 * most a bound between them: one that would pass it while another holds bytes fails too.
 */
class WholeBodyTest {
  private Vertx vertx;
  private HttpServer upstream;
  private HttpClientAgent client;
  private volatile CountDownLatch closes = new CountDownLatch(0);
  /** The rest of {@code /held}'s answer is written once this completes. */
  private final Promise<Void> restOfHeld = Promise.promise();
  private final CountDownLatch heldHeadWritten = new CountDownLatch(1);

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    upstream = vertx.createHttpServer().connectionHandler(connection -> connection.closeHandler(v ->
      closes.countDown())).requestHandler(request -> {
      List<String> pieces = switch (request.path()) {
        case "/one" -> List.of("{\"id\":\"chatcmpl-1\",\"choices\":[]}");
        case "/three" -> List.of("{\"id\":", "\"chatcmpl-3\",", "\"choices\":[\"Grüße ✓\"]}");
        default -> List.of();
      };
      if (request.path().equals("/held")) { // 41 bytes declared, 24 written, the rest when the test says
        request.response().putHeader("content-length", "41").write("{\"id\":\"chatcmpl-held\",\"c");
        heldHeadWritten.countDown();
        restOfHeld.future().onComplete(v -> request.response().end("hoices\":[\"done\"]}"));
        return;
      }
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
    return read(path, 1 << 20);
  }

  /**
   * On a Vert.x context, as the adapter reads: chained from the test thread, the answer could end before its handler
   * is set (Vert.x then refuses the handler).
   */
  private String read(String path, long limit) {
    return reading(path, limit, Long.MAX_VALUE).await();
  }

  private Future<String> reading(String path, long limit, long heldAtMost) {
    Promise<String> read = Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> client.request(HttpMethod.GET, upstream.actualPort(), "127.0.0.1",
        path)
      .compose(request -> request.send())
      .compose(response -> WholeBody.of(response, limit, heldAtMost))
      .map(Buffer::toString)
      .onComplete(read));
    return read.future();
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

  @Test
  void anAnswerAtTheLimitIsRead() {
    String answer = "{\"id\":\"chatcmpl-3\",\"choices\":[\"Grüße ✓\"]}";
    assertEquals(answer, read("/three", answer.getBytes(StandardCharsets.UTF_8).length));
    assertEquals("{\"id\":\"chatcmpl-1\",\"choices\":[]}", read("/one", 32));
  }

  @Test
  void anAnswerPastTheLimitFailsAndItsConnectionIsClosed() throws InterruptedException {
    closes = new CountDownLatch(2);
    WholeBody.TooLarge piecesPast = assertThrows(WholeBody.TooLarge.class, () -> read("/three", 20));
    assertEquals("the upstream's answer is larger than 20 bytes", piecesPast.getMessage());
    assertThrows(WholeBody.TooLarge.class, () -> read("/one", 31), "its content-length says so");
    assertTrue(closes.await(5, TimeUnit.SECONDS), "both connections closed");
  }

  @Test
  void anAnswerThatWouldPassTheBoundWhileAnotherHoldsBytesFailsAndOneAloneIsReadWhateverItsSize() throws Exception {
    long bound = 50;
    Future<String> held = reading("/held", 1 << 20, bound);
    assertTrue(heldHeadWritten.await(5, TimeUnit.SECONDS));
    long deadline = System.currentTimeMillis() + 5_000;
    while (WholeBody.held() < 41 && System.currentTimeMillis() < deadline) {
      Thread.sleep(5); // until its head has been read: its 41 declared bytes are counted
    }
    assertEquals(41, WholeBody.held(), "counted by its content-length");

    WholeBody.OverBudget declared = assertThrows(WholeBody.OverBudget.class, () -> reading("/one", 1 << 20, bound)
      .await(), "32 declared bytes more would pass 50");
    assertEquals("the gateway is holding as many answers read whole as it may (50 bytes, providers.heldAnswerBytes):"
      + " try again shortly", declared.getMessage());
    assertThrows(WholeBody.OverBudget.class, () -> reading("/three", 1 << 20, bound).await(),
      "without a content-length its pieces are counted as they come, and the second passes 50");
    assertEquals(41, WholeBody.held(), "what the refused ones counted is let go");

    restOfHeld.complete();
    assertEquals("{\"id\":\"chatcmpl-held\",\"choices\":[\"done\"]}", held.await(5, TimeUnit.SECONDS));
    assertEquals(0, WholeBody.held());
    assertEquals("{\"id\":\"chatcmpl-1\",\"choices\":[]}", reading("/one", 1 << 20, 10).await(),
      "an answer alone is read past the bound");
    assertEquals(0, WholeBody.held());
  }
}
