package io.switchboard.api.chat;

import io.switchboard.api.ErrorKind;
import io.switchboard.api.Usage;

/**
 * One step of a streamed answer in no particular dialect. A stream is: {@link MessageStart}, then for each
 * content block (indexes from 0, in order) {@link BlockStart}, its deltas, {@link BlockStop}; then
 * {@link MessageDelta} (stop reason, usage; may come more than once, the last usage wins) and {@link MessageStop}.
 * {@link Failure} may end a stream at any point instead.
 */
public sealed interface StreamEvent {

  record MessageStart(String id, String model, Usage usage) implements StreamEvent {
  }

  /** A content block opens: text, thinking, redacted thinking (with its data) or a tool call (id, name). */
  record BlockStart(int index, BlockKind kind, String toolCallId, String toolName, String redactedData)
    implements StreamEvent {
    public static BlockStart text(int index) {
      return new BlockStart(index, BlockKind.TEXT, null, null, null);
    }

    public static BlockStart thinking(int index) {
      return new BlockStart(index, BlockKind.THINKING, null, null, null);
    }

    public static BlockStart toolCall(int index, String id, String name) {
      return new BlockStart(index, BlockKind.TOOL_CALL, id, name, null);
    }

    public static BlockStart redactedThinking(int index, String data) {
      return new BlockStart(index, BlockKind.REDACTED_THINKING, null, null, data);
    }
  }

  enum BlockKind { TEXT, THINKING, REDACTED_THINKING, TOOL_CALL }

  record TextDelta(int index, String text) implements StreamEvent {
  }

  record ThinkingDelta(int index, String text) implements StreamEvent {
  }

  record SignatureDelta(int index, String signature) implements StreamEvent {
  }

  /** A fragment of a tool call's JSON arguments; fragments concatenate to the whole object text. */
  record ToolArgsDelta(int index, String partialJson) implements StreamEvent {
  }

  record BlockStop(int index) implements StreamEvent {
  }

  /** Stop reason (null until known) and usage so far (null when this event carries none). */
  record MessageDelta(StopReason stopReason, String stopDetail, Usage usage) implements StreamEvent {
  }

  record MessageStop() implements StreamEvent {
  }

  /** The upstream reported an error inside the stream. */
  record Failure(ErrorKind kind, String message) implements StreamEvent {
  }
}
