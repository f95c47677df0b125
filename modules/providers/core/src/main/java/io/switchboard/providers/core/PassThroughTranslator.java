package io.switchboard.providers.core;

import io.switchboard.api.StreamTranslator;
import io.switchboard.api.Usage;
import io.switchboard.api.chat.StreamEvent;
import io.switchboard.dialects.StreamDecoder;
import io.vertx.core.buffer.Buffer;
import java.util.List;

/**
 * A same-dialect stream: the upstream's bytes go to the client untouched, while a decoder reads the same bytes
 * on the side to learn the usage and whether the answer completed.
 */
final class PassThroughTranslator implements StreamTranslator {
  private final UsageTracker usage = new UsageTracker();
  private final StreamDecoder decoder;

  PassThroughTranslator(StreamDecoder decoder) {
    this.decoder = decoder;
  }

  @Override
  public Buffer accept(Buffer upstreamRead) {
    usage.observe(decoder.decode(upstreamRead)); // an error event in these bytes reaches the client as sent
    return upstreamRead;
  }

  @Override
  public Buffer finish() {
    // what the decoder concludes at the end (a missing stop) was never in the upstream's bytes: not told
    List<StreamEvent> last = decoder.finish();
    String told = usage.failure();
    usage.observe(last);
    usage.failure = told;
    return Buffer.buffer();
  }

  @Override
  public String toldFailure() {
    return usage.failure();
  }

  @Override
  public Usage usage() {
    return usage.usage();
  }

  @Override
  public boolean completed() {
    return usage.completed();
  }

  /** What a stream's events report: the last usage wins, MessageStop completes, the first Failure is kept. */
  static final class UsageTracker {
    private Usage usage;
    private boolean completed;
    private String failure;

    void observe(List<StreamEvent> events) {
      for (StreamEvent event : events) {
        if (event instanceof StreamEvent.MessageStart start && start.usage() != null) {
          usage = start.usage();
        } else if (event instanceof StreamEvent.MessageDelta delta && delta.usage() != null) {
          usage = delta.usage();
        } else if (event instanceof StreamEvent.MessageStop) {
          completed = true;
        } else if (event instanceof StreamEvent.Failure failed && failure == null) {
          failure = failed.message() == null ? "the upstream reported an error" : failed.message();
        }
      }
    }

    Usage usage() {
      return usage;
    }

    boolean completed() {
      return completed;
    }

    String failure() {
      return failure;
    }
  }
}
