package io.switchboard.app;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Bus requests sent in one turn of a context, so that every one is on the bus before the first is answered, and how
 * many got each answer.
 */
final class BusBurst {
  private BusBurst() {
  }

  /** Sends {@code count} requests, {@code send} making the i-th, in one turn of a context on {@code vertx}. */
  static List<Future<String>> send(Vertx vertx, int count, Function<Integer, Future<String>> send) {
    Promise<List<Future<String>>> sent = Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> {
      List<Future<String>> asked = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        asked.add(send.apply(i));
      }
      sent.complete(asked);
    });
    return sent.future().await();
  }

  /** Once all have ended: how many got each answer (a failure: its status, a space and its message). */
  static Map<String, Integer> tally(List<Future<String>> asked) {
    Future.join(new ArrayList<>(asked)).otherwiseEmpty().await();
    Map<String, Integer> answers = new TreeMap<>();
    asked.forEach(answer -> answers.merge(answer.succeeded() ? answer.result() : failure(answer.cause()), 1,
      Integer::sum));
    return answers;
  }

  private static String failure(Throwable cause) {
    return cause instanceof ReplyException reply ? reply.failureCode() + " " + reply.getMessage() : cause.toString();
  }
}
