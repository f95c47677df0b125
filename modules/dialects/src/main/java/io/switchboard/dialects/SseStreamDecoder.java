package io.switchboard.dialects;

import io.switchboard.api.chat.StreamEvent;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link StreamDecoder} of an SSE stream: reads go through one {@link SseParser}, each whole event to the dialect,
 * and an event the upstream left without its closing blank line still counts when the stream ends.
 */
public abstract class SseStreamDecoder implements StreamDecoder {
  private final SseParser parser = new SseParser();

  @Override
  public final List<StreamEvent> decode(Buffer read) {
    List<StreamEvent> out = new ArrayList<>();
    for (SseParser.Event event : parser.feed(read)) {
      onEvent(event, out);
    }
    return out;
  }

  @Override
  public final List<StreamEvent> finish() {
    List<StreamEvent> out = new ArrayList<>();
    SseParser.Event last = parser.finish();
    if (last != null) {
      onEvent(last, out);
    }
    onEnd(out);
    return out;
  }

  /** The canonical events one SSE event adds to {@code out}. */
  protected abstract void onEvent(SseParser.Event event, List<StreamEvent> out);

  /** The upstream closed: what is still owed (a lost stop after a whole answer, or a failure for a cut one). */
  protected abstract void onEnd(List<StreamEvent> out);
}
