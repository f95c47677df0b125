package io.switchboard.dialects;

import io.switchboard.api.chat.StreamEvent;
import io.vertx.core.buffer.Buffer;
import java.util.List;

/** Writes canonical events as one dialect's stream bytes. Stateful: one instance per stream. */
public interface StreamEncoder {
  /** The bytes for these events, appended to {@code out}. */
  void encode(List<StreamEvent> events, Buffer out);

  /** The bytes of an in-band error in this dialect, once the stream has begun. */
  Buffer error(String message);
}
