package io.switchboard.dialects.anthropic;

import io.switchboard.api.chat.StopReason;

/**
 * Anthropic's stop_reason names to canonical ones and back. {@code model_context_window_exceeded} reads as
 * MAX_TOKENS with the name kept as detail, so it survives a round trip; unknown names read as OTHER with the
 * name as detail.
 */
final class AnthropicStopReasons {
  static final String CONTEXT_EXCEEDED = "model_context_window_exceeded";

  private AnthropicStopReasons() {
  }

  static StopReason decode(String reason) {
    if (reason == null) {
      return null;
    }
    return switch (reason) {
      case "end_turn" -> StopReason.END_TURN;
      case "max_tokens", CONTEXT_EXCEEDED -> StopReason.MAX_TOKENS;
      case "stop_sequence" -> StopReason.STOP_SEQUENCE;
      case "tool_use" -> StopReason.TOOL_USE;
      case "refusal" -> StopReason.CONTENT_FILTER;
      case "pause_turn" -> StopReason.PAUSE_TURN;
      default -> StopReason.OTHER;
    };
  }

  /** The detail worth keeping: the matched stop sequence, or the upstream's own name when it is not canonical. */
  static String detail(String reason, String stopSequence) {
    if (reason == null) {
      return null;
    }
    if (reason.equals("stop_sequence")) {
      return stopSequence;
    }
    return decode(reason) == StopReason.OTHER || reason.equals(CONTEXT_EXCEEDED) ? reason : null;
  }

  /** OTHER goes out as end_turn: an Anthropic SDK knows no other name for "finished for its own reason". */
  static String encode(StopReason reason, String detail) {
    if (reason == null) {
      return null;
    }
    return switch (reason) {
      case END_TURN, OTHER -> "end_turn";
      case MAX_TOKENS -> CONTEXT_EXCEEDED.equals(detail) ? CONTEXT_EXCEEDED : "max_tokens";
      case STOP_SEQUENCE -> "stop_sequence";
      case TOOL_USE -> "tool_use";
      case CONTENT_FILTER -> "refusal";
      case PAUSE_TURN -> "pause_turn";
    };
  }

  /** The stop_sequence field: the matched sequence when that is why the model stopped, else null. */
  static String stopSequence(StopReason reason, String detail) {
    return reason == StopReason.STOP_SEQUENCE ? detail : null;
  }
}
