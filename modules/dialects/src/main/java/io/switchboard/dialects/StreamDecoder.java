package io.switchboard.dialects;

import io.switchboard.api.chat.StreamEvent;
import io.vertx.core.buffer.Buffer;
import java.util.List;

/**
 * Reads one upstream stream, read by read, into canonical events. Stateful: one instance per stream. Block
 * indexes it emits start at 0 and increase in the order blocks open.
 */
public interface StreamDecoder {
  /** Events completed by this read (an event split across reads comes out with the read that completes it). */
  List<StreamEvent> decode(Buffer read);

  /** Called when the upstream ends: events still owed (e.g. a missing MessageStop after a clean end). */
  List<StreamEvent> finish();
}
