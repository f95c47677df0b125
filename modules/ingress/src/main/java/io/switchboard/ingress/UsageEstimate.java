package io.switchboard.ingress;

import io.switchboard.api.ChatRequest;
import io.switchboard.api.Usage;
import io.switchboard.dialects.TokenEstimate;
import io.switchboard.dialects.WireFormat;
import io.vertx.core.buffer.Buffer;

/**
 * Fills in usage the upstream did not report, with local token counts ({@link TokenEstimate}): the input from the
 * request, the output from what the client received: a stream's as its provider counted it while relaying
 * ({@link io.switchboard.api.StreamTally}), a whole answer's from its body. A client that aborts is charged for what
 * it was sent.
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
  static Result complete(Usage reported, boolean cutShort, ChatRequest request, WireFormat dialect,
                         java.util.function.LongSupplier outputTokens) {
    Usage usage = reported == null ? Usage.NONE : reported;
    if (request.operation() != io.switchboard.api.Operation.CHAT) {
      return new Result(usage, false); // embeddings and token counts report what they use, or nothing to charge
    }
    boolean missingInput = usage.inputTokens() == 0;
    boolean checkOutput = usage.outputTokens() == 0 || cutShort;
    if (!missingInput && !checkOutput) {
      return new Result(usage, false);
    }
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
