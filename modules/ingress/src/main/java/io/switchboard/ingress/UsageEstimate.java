package io.switchboard.ingress;

import io.switchboard.api.ChatRequest;
import io.switchboard.api.Usage;
import io.switchboard.dialects.TokenEstimate;
import io.switchboard.dialects.WireFormat;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.function.LongSupplier;

/**
 * Fills in usage the upstream did not report, with local token counts ({@link TokenEstimate}): the input from the
 * request, the output from what the client received: a stream's as its provider counted it while relaying
 * ({@link io.switchboard.api.StreamTally}), a whole answer's from its body. A client that aborts is charged for what
 * it was sent. Counting runs on a worker thread ({@link WorkerCounts}); usage reported in full needs none.
 */
final class UsageEstimate {

  /** Usage and whether any of it was estimated. */
  record Result(Usage usage, boolean estimated) {
  }

  private UsageEstimate() {
  }

  /**
   * The usage to record for a request that reached an upstream: as reported when complete; otherwise the missing
   * input is counted from the request, and output that is missing (or, for an answer cut short, lower than what the
   * client received) from {@code outputTokens}.
   */
  static Future<Result> complete(Vertx vertx, Usage reported, boolean cutShort, ChatRequest request,
                                 WireFormat dialect, LongSupplier outputTokens) {
    Usage usage = reported == null ? Usage.NONE : reported;
    if (request.operation() != io.switchboard.api.Operation.CHAT) {
      // embeddings and token counts report what they use, or nothing to charge
      return Future.succeededFuture(new Result(usage, false));
    }
    boolean missingInput = usage.inputTokens() == 0;
    boolean checkOutput = usage.outputTokens() == 0 || cutShort;
    if (!missingInput && !checkOutput) {
      return Future.succeededFuture(new Result(usage, false));
    }
    return WorkerCounts.run(vertx, () -> estimate(usage, missingInput, request, dialect, outputTokens));
  }

  private static Result estimate(Usage usage, boolean missingInput, ChatRequest request, WireFormat dialect,
                                 LongSupplier outputTokens) {
    long input = usage.inputTokens();
    boolean estimated = false;
    if (missingInput) {
      try {
        input = TokenEstimate.inputTokens(dialect.decodeRequest(request.body(), request.model(), request.stream()));
        estimated = input > 0;
      } catch (RuntimeException unreadable) {
        input = 0;
      }
    }
    long output = usage.outputTokens();
    long counted = outputTokens.getAsLong();
    if (counted > output) {
      output = counted;
      estimated = true;
    }
    return new Result(new Usage(input, output, usage.cacheReadTokens(), usage.cacheWriteTokens(),
      usage.reasoningTokens()), estimated);
  }

  /** Output tokens of a complete JSON answer in the client's dialect. */
  static long outputTokens(WireFormat dialect, Buffer body) {
    try {
      return TokenEstimate.outputTokens(dialect.decodeResponse(body.toJsonObject()).content());
    } catch (RuntimeException unreadable) {
      return body.length() / 4;
    }
  }
}
