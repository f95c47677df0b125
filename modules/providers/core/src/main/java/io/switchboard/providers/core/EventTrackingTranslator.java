package io.switchboard.providers.core;

import io.switchboard.api.StreamTranslator;
import io.switchboard.api.Usage;
import io.switchboard.api.chat.StreamEvent;
import io.switchboard.dialects.OutputTokenCounter;
import java.util.List;

/**
 * A translator that learns from a stream's canonical events what the stream reports: the last usage wins,
 * MessageStop completes it, the first Failure the client was told of is kept; the output is counted as it passes.
 */
abstract class EventTrackingTranslator implements StreamTranslator {
  private Usage usage;
  private boolean completed;
  private String toldFailure;
  private final OutputTokenCounter output = new OutputTokenCounter();

  /** Notes these events; {@code told}: a Failure among them has reached the client in its own dialect. */
  final void observe(List<StreamEvent> events, boolean told) {
    output.add(events);
    for (StreamEvent event : events) {
      if (event instanceof StreamEvent.MessageStart start && start.usage() != null) {
        usage = start.usage();
      } else if (event instanceof StreamEvent.MessageDelta delta && delta.usage() != null) {
        usage = delta.usage();
      } else if (event instanceof StreamEvent.MessageStop) {
        completed = true;
      } else if (told && event instanceof StreamEvent.Failure failed && toldFailure == null) {
        toldFailure = failed.message() == null ? "the upstream reported an error" : failed.message();
      }
    }
  }

  @Override
  public final Usage usage() {
    return usage;
  }

  @Override
  public final long estimatedOutputTokens() {
    return output.tokens();
  }

  @Override
  public final boolean completed() {
    return completed;
  }

  @Override
  public final String toldFailure() {
    return toldFailure;
  }
}
