package io.switchboard.dialects.openai;

import io.switchboard.dialects.OutputTokenCounter;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;

/**
 * Counts the generated content of a passed-through Chat Completions stream, event by whole event, each chunk read
 * as the converting decoder reads it ({@link OpenAiChunk}: from its tokens, not as a tree): choice 0's reasoning
 * ({@code reasoning_content}, else {@code reasoning}), text ({@code content}, else {@code refusal}) and tool-call
 * argument fragments, in the order {@link OpenAiStreamDecoder} emits them, so the count is the one converting the
 * stream would give. It stops, as the decoder does, at {@code [DONE]}, an error chunk or an unreadable one. (The
 * decoder also drops argument fragments sent to a tool call it has closed, which only a malformed stream does;
 * these are counted.) Measured: the decoder's tree parse was four fifths of the bytes the pass-through allocated per
 * stream.
 */
final class OpenAiChunkText {
  private final OutputTokenCounter counter;
  private boolean ended;

  OpenAiChunkText(OutputTokenCounter counter) {
    this.counter = counter;
  }

  /** Counts the event in {@code bytes[from, to)} (its lines, blank line included). */
  void event(byte[] bytes, int from, int to) {
    if (ended) {
      return;
    }
    int dataFrom = -1;
    int dataTo = -1;
    byte[] joined = null;
    int at = from;
    while (at < to) {
      int lineEnd = at;
      while (lineEnd < to && bytes[lineEnd] != '\n' && bytes[lineEnd] != '\r') {
        lineEnd++;
      }
      if (lineEnd - at >= 5 && bytes[at] == 'd' && bytes[at + 1] == 'a' && bytes[at + 2] == 't' && bytes[at + 3] == 'a'
        && bytes[at + 4] == ':') {
        int value = at + 5 < lineEnd && bytes[at + 5] == ' ' ? at + 6 : at + 5;
        if (dataFrom < 0) {
          dataFrom = value;
          dataTo = lineEnd;
        } else { // a chunk spread over several data lines: rare, joined as SSE joins them
          joined = join(joined != null ? joined : java.util.Arrays.copyOfRange(bytes, dataFrom, dataTo), bytes, value,
            lineEnd);
        }
      }
      at = lineEnd < to && bytes[lineEnd] == '\r' && lineEnd + 1 < to && bytes[lineEnd + 1] == '\n' ? lineEnd + 2
        : lineEnd + 1;
    }
    if (joined != null) {
      data(joined, 0, joined.length);
    } else if (dataFrom >= 0) {
      data(bytes, dataFrom, dataTo);
    }
  }

  private static byte[] join(byte[] head, byte[] bytes, int from, int to) {
    byte[] out = java.util.Arrays.copyOf(head, head.length + 1 + to - from);
    out[head.length] = '\n';
    System.arraycopy(bytes, from, out, head.length + 1, to - from);
    return out;
  }

  private void data(byte[] bytes, int from, int to) {
    if (new String(bytes, from, Math.min(to - from, 64), StandardCharsets.ISO_8859_1).strip().equals("[DONE]")) {
      ended = true;
      return;
    }
    OpenAiChunk chunk;
    try {
      chunk = OpenAiChunk.read(bytes, from, to);
    } catch (RuntimeException unreadable) {
      ended = true;
      return;
    }
    if (chunk.error() != null) {
      ended = true;
      return;
    }
    OpenAiChunk.Delta delta = chunk.choice() == null ? null : chunk.choice().delta();
    if (delta == null) {
      return;
    }
    counter.add(delta.reasoningText());
    counter.add(delta.text());
    if (delta.toolCalls() != null) {
      for (Object call : delta.toolCalls()) {
        if (call instanceof JsonObject c && c.getValue("function") instanceof JsonObject function
          && function.getValue("arguments") instanceof String arguments) {
          counter.add(arguments);
        }
      }
    }
  }
}
