package io.switchboard.dialects.openai;

import io.switchboard.api.chat.StopReason;

/**
 * OpenAI's {@code finish_reason} to canonical stop reasons and back. OpenAI says "stop" both for a natural end and
 * a matched stop sequence, so STOP_SEQUENCE, PAUSE_TURN (Anthropic only) and OTHER all go out as "stop".
 */
final class OpenAiFinishReasons {
  private OpenAiFinishReasons() {
  }

  static StopReason toCanonical(String finishReason) {
    if (finishReason == null) {
      return null;
    }
    return switch (finishReason) {
      case "stop" -> StopReason.END_TURN;
      case "length" -> StopReason.MAX_TOKENS;
      case "tool_calls", "function_call" -> StopReason.TOOL_USE;
      case "content_filter" -> StopReason.CONTENT_FILTER;
      default -> StopReason.OTHER;
    };
  }

  /** The upstream's own words where the canonical reason does not say them all (legacy or unknown reasons). */
  static String detail(String finishReason) {
    if (finishReason == null) {
      return null;
    }
    return switch (finishReason) {
      case "stop", "length", "tool_calls", "content_filter" -> null;
      default -> finishReason;
    };
  }

  static String fromCanonical(StopReason reason) {
    if (reason == null) {
      return "stop";
    }
    return switch (reason) {
      case MAX_TOKENS -> "length";
      case TOOL_USE -> "tool_calls"; // the calls go out as tool_calls, even when they came as function_call
      case CONTENT_FILTER -> "content_filter";
      case END_TURN, STOP_SEQUENCE, PAUSE_TURN, OTHER -> "stop";
    };
  }
}
