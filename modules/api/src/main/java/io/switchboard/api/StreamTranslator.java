package io.switchboard.api;

import io.vertx.core.buffer.Buffer;

/**
 * Turns upstream stream bytes into client-ready bytes, one read at a time, and keeps the usage it sees and a count of
 * the output it passed on.
 */
public interface StreamTranslator {
  /** Client-ready bytes for what has arrived so far; may be empty while an event is incomplete. */
  Buffer accept(Buffer upstreamRead);

  /** Whatever is still held when the upstream ends. */
  Buffer finish();

  /** The usage reported so far, or null. */
  Usage usage();

  /** Output tokens in what was passed on so far, counted locally: the estimate when the upstream reports none. */
  long estimatedOutputTokens();

  /** Priced units other than tokens the answer reported so far (images, seconds of audio); 0 for chat. */
  default long units() {
    return 0;
  }

  /** Whether the upstream signalled the end of the answer (so a close after it is not a failure). */
  boolean completed();

  /**
   * An error the upstream reported inside the stream that the client has already received in its own dialect
   * (so nothing more is written), or null.
   */
  default String toldFailure() {
    return null;
  }
}
