package io.switchboard.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.api.ChatRequest;
import io.switchboard.api.Dialect;
import io.switchboard.api.Operation;
import io.switchboard.api.Usage;
import io.switchboard.dialects.TokenEstimate;
import io.switchboard.dialects.WireFormat;
import io.switchboard.dialects.WireFormats;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Usage an upstream did not report is counted locally, on a worker thread: a long conversation is milliseconds of
 * tokenizing that would otherwise hold up every request on the event loop. The answer comes back on the caller's
 * event loop; usage reported in full is not counted at all.
 */
class UsageEstimateTest {
  private static final WireFormat OPENAI = WireFormats.of(Dialect.OPENAI);
  private final Vertx vertx = Vertx.vertx();
  private final List<String> threads = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  void missingUsageIsCountedOnAWorkerAndAnsweredOnTheEventLoop() {
    JsonObject body = new JsonObject().put("model", "m").put("messages", List.of(
      new JsonObject().put("role", "user").put("content", "Count these words, all of them, on another thread.")));
    ChatRequest request = new ChatRequest(Dialect.OPENAI, "m", false, false, false, body, null, null, Operation.CHAT);

    UsageEstimate.Result used = completeOnEventLoop(Usage.NONE, request, counted(7));

    assertEquals(TokenEstimate.inputTokens(OPENAI.decodeRequest(body, "m", false)), used.usage().inputTokens());
    assertTrue(used.usage().inputTokens() > 10, "the prompt was counted: " + used.usage());
    assertEquals(7, used.usage().outputTokens());
    assertTrue(used.estimated());
    assertTrue(threads.get(0).startsWith("vert.x-worker-thread-"), "counted on a worker: " + threads);
    assertTrue(threads.get(1).startsWith("vert.x-eventloop-thread-"), "answered on the event loop: " + threads);
  }

  @Test
  void usageReportedInFullIsNotCounted() {
    ChatRequest request = new ChatRequest(Dialect.OPENAI, "m", false, false, false,
      new JsonObject().put("model", "m").put("messages", List.of()), null, null, Operation.CHAT);
    Usage reported = new Usage(120, 30, 0, 0, 0);

    UsageEstimate.Result used = completeOnEventLoop(reported, request, counted(99));

    assertEquals(reported, used.usage());
    assertFalse(used.estimated());
    assertEquals(1, threads.size(), "the output was never counted: " + threads);
  }

  /** A gateway stopping: its worker pool is gone, and the count runs where it was asked rather than never. */
  @Test
  void aCountThePoolRefusesRunsInPlace() {
    Vertx stopped = Vertx.vertx();
    stopped.close().await();
    assertEquals(7L, WorkerCounts.run(stopped, () -> 7L).result());
  }

  /** An output count that notes the thread it ran on. */
  private LongSupplier counted(long tokens) {
    return () -> {
      threads.add(Thread.currentThread().getName());
      return tokens;
    };
  }

  private UsageEstimate.Result completeOnEventLoop(Usage reported, ChatRequest request, LongSupplier outputTokens) {
    Context loop = vertx.getOrCreateContext();
    Promise<UsageEstimate.Result> result = Promise.promise();
    loop.runOnContext(v -> {
      Future<UsageEstimate.Result> used = UsageEstimate.complete(vertx, reported, false, request, OPENAI,
        outputTokens);
      used.onComplete(done -> {
        threads.add(Thread.currentThread().getName());
        result.handle(done);
      });
    });
    return result.future().await();
  }
}
