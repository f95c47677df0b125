package io.switchboard.testkit;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.Map;

/** Writes one streamed answer of any dialect in batches, pausing on backpressure and stopping when the client goes. */
final class MockStream {

  /** Events appended into one write when there is no delay: fewer, larger writes keep 100k-chunk streams fast. */
  private static final int BATCH_EVENTS = 64;
  /** Batches written per event-loop turn before yielding, so a fast client cannot monopolise the loop. */
  private static final int BATCHES_PER_TURN = 16;

  private final MockUpstream owner;
  private final HttpServerRequest request;
  private final HttpServerResponse response;
  private final MockBehavior b;
  private final EventPlan<Buffer> plan;
  private final Map<String, String> headers;
  private final int events;
  private final int abortIndex;
  private final Buffer recorded = Buffer.buffer();
  private int next;
  private long timerId = -1;
  private boolean finished;

  /** {@code headers} are set in their iteration order after the status. */
  MockStream(MockUpstream owner, HttpServerRequest request, MockBehavior b, EventPlan<Buffer> plan,
      Map<String, String> headers) {
    this.owner = owner;
    this.request = request;
    this.response = request.response();
    this.b = b;
    this.plan = plan;
    this.headers = headers;
    this.events = plan.size();
    this.abortIndex = b.abortIndex(plan.opening().size(), plan.contentCount());
  }

  void start() {
    owner.streamStarted(recorded);
    response.closeHandler(v -> lost());
    response.exceptionHandler(e -> lost());
    if (response.closed()) {
      lost();
      return;
    }
    response.setStatusCode(200).setChunked(true);
    headers.forEach(response::putHeader);
    pump();
  }

  private void pump() {
    timerId = -1;
    int batchSize = b.chunkDelayMs() > 0 ? 1 : BATCH_EVENTS;
    for (int turn = 0; turn < BATCHES_PER_TURN && !finished; turn++) {
      Buffer batch = Buffer.buffer();
      int end = Math.min(events, next + batchSize);
      while (next < end && next != abortIndex) {
        batch.appendBuffer(plan.event(next++));
      }
      keep(batch);
      if (next == abortIndex) {
        abort(batch);
        return;
      }
      if (next == events) {
        finished = true;
        response.end(batch);
        return;
      }
      response.write(batch);
      if (response.writeQueueFull()) {
        response.drainHandler(v -> {
          // a drain handler fires on every drain; clear it so only one pump chain runs
          response.drainHandler(null);
          pump();
        });
        return;
      }
      if (b.chunkDelayMs() > 0) {
        timerId = owner.vertx().setTimer(b.chunkDelayMs(), id -> pump());
        return;
      }
    }
    if (!finished) {
      owner.vertx().runOnContext(v -> pump());
    }
  }

  private void keep(Buffer batch) {
    if (b.recordBody()) {
      synchronized (owner) {
        recorded.appendBuffer(batch);
      }
    }
  }

  /** Cuts the connection only after the last bytes reached the socket, so the client sees them. */
  private void abort(Buffer batch) {
    finished = true;
    Future<Void> written = batch.length() == 0 ? response.writeHead() : response.write(batch);
    written.onComplete(ar -> request.connection().close());
  }

  private void lost() {
    if (finished) {
      return;
    }
    finished = true;
    owner.streamLost();
    if (timerId != -1) {
      owner.vertx().cancelTimer(timerId);
    }
  }
}
