package io.switchboard.ingress;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;

/**
 * Local token counts run on a worker thread: the o200k tokenizer reads about 12 MB a second once warm (a 1 MB
 * prompt is some 80 ms of CPU, twice that cold), which on an event loop would hold up every other request
 * the loop serves. The answer comes back on the caller's context. A count the worker pool refuses (the gateway
 * stopping) runs where it was asked, so no usage row waits on a pool that is gone.
 */
final class WorkerCounts {
  private WorkerCounts() {
  }

  static <T> Future<T> run(Vertx vertx, Callable<T> count) {
    try {
      return vertx.executeBlocking(count, false);
    } catch (RejectedExecutionException refused) { // Vert.x throws it as well as failing the future
      try {
        return Future.succeededFuture(count.call());
      } catch (Exception e) {
        return Future.failedFuture(e);
      }
    }
  }
}
