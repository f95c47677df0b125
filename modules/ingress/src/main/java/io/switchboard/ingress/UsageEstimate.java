package io.switchboard.ingress;

import io.switchboard.api.ChatRequest;
import io.switchboard.api.Usage;
import io.switchboard.api.chat.StreamEvent;
import io.switchboard.dialects.StreamDecoder;
import io.switchboard.dialects.TokenEstimate;
import io.switchboard.dialects.WireFormat;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills in usage the upstream did not report, with local token counts (jtokkit): the input from the request, the
 * output from what the client received. A stream keeps references to the bytes it wrote, up to a cap, and decodes
 * them only when an estimate is needed (beyond the cap the count is scaled by the bytes written): a client that
 * aborts is charged for what it was sent.
 */
final class UsageEstimate {
  private static final Logger LOG = LoggerFactory.getLogger(UsageEstimate.class);
  private static final int CAPTURE_CAP_BYTES = 256 * 1024;

  /** Usage and whether any of it was estimated. */
  record Result(Usage usage, boolean estimated) {
  }

  /** The bytes one stream wrote to its client. */
  static final class Capture {
    private final List<Buffer> kept = new ArrayList<>();
    private long keptBytes;
    private long totalBytes;

    void add(Buffer data) {
      totalBytes += data.length();
      if (keptBytes < CAPTURE_CAP_BYTES) {
        kept.add(data);
        keptBytes += data.length();
      }
    }

    /** Output tokens in what was written, decoded in the client's dialect. */
    long outputTokens(WireFormat dialect) {
      if (totalBytes == 0) {
        return 0;
      }
      StringBuilder text = new StringBuilder();
      try {
        StreamDecoder decoder = dialect.streamDecoder();
        for (Buffer b : kept) {
          collect(decoder.decode(b), text);
        }
        collect(decoder.finish(), text);
      } catch (RuntimeException unreadable) {
        LOG.debug("stream not decodable for an estimate, counting its bytes: {}", unreadable.getMessage());
        return totalBytes / 4;
      }
      long tokens = TokenEstimate.text(text.toString());
      return keptBytes == 0 ? tokens : tokens * totalBytes / keptBytes;
    }

    private static void collect(List<StreamEvent> events, StringBuilder text) {
      for (StreamEvent e : events) {
        if (e instanceof StreamEvent.TextDelta d) {
          text.append(d.text());
        } else if (e instanceof StreamEvent.ThinkingDelta d) {
          text.append(d.text());
        } else if (e instanceof StreamEvent.ToolArgsDelta d) {
          text.append(d.partialJson());
        }
      }
    }
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
