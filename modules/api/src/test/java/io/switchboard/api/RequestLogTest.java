package io.switchboard.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A request's log names go with every message sent from its context and are bound where the message is handled; a
 * reply carries none and does not replace the requester's own; a stream's frames carry nothing; a context shared by
 * many requests never holds one.
 */
@ExtendWith(VertxExtension.class)
class RequestLogTest {

  @Test
  void theLogTravelsWithMessagesButNotWithStreamFrames(Vertx vertx) throws Exception {
    MessageCodecs.register(vertx);
    Promise<String> atRole = Promise.promise();
    Promise<String> atStream = Promise.promise();
    Promise<String> afterReply = Promise.promise();
    Promise<String> replyHeader = Promise.promise();
    Promise<Boolean> requestCarried = Promise.promise();
    vertx.eventBus().<String>consumer("sb.test.role", message -> {
      requestCarried.tryComplete(message.headers().contains(RequestLog.HEADER));
      atRole.tryComplete(describe(RequestLog.current()));
      RequestLog.bind(RequestLog.of("the-role's-own")); // bound where the role runs, not sent back
      message.reply("done");
    }).completion().await();
    vertx.eventBus().<String>consumer(Addresses.stream("req_1"),
      message -> atStream.tryComplete(describe(RequestLog.current()))).completion().await();
    ContextInternal request = ((ContextInternal) vertx.getOrCreateContext()).duplicate();
    request.runOnContext(v -> {
      RequestLog.bind(RequestLog.of("client-7").withKey(3).withModel("gpt-4o").withAccount(9));
      vertx.eventBus().request("sb.test.role", "hi").onComplete(reply -> {
        replyHeader.complete(String.valueOf(reply.result().headers().get(RequestLog.HEADER)));
        vertx.eventBus().send(Addresses.stream("req_1"), "frame", Addresses.STREAM_DELIVERY);
        afterReply.complete(describe(RequestLog.current()));
      });
    });
    assertEquals("client-7 3 9 gpt-4o", atRole.future().await(), "the role handles it under the request's names");
    assertEquals("client-7 3 9 gpt-4o", afterReply.future().await(), "the requester keeps its own after the reply");
    assertEquals("none", atStream.future().await(), "a stream frame carries no names");
    assertEquals(true, requestCarried.future().await(), "the request carries the names");
    assertEquals("null", replyHeader.future().await(), "a reply carries none: its requester has its own");
  }

  @Test
  void aContextSharedByManyRequestsIsNeverBound(Vertx vertx) throws Exception {
    Context shared = vertx.getOrCreateContext();
    Promise<String> seen = Promise.promise();
    shared.runOnContext(v -> {
      RequestLog.bind(RequestLog.of("would-leak"));
      seen.complete(describe(RequestLog.current()));
    });
    assertEquals("none", seen.future().await());
    assertNull(RequestLog.current(), "no Vert.x context on a test thread");
  }

  private static String describe(RequestLog log) {
    return log == null ? "none" : log.requestId() + " " + log.keyId() + " " + log.accountId() + " " + log.model();
  }
}
