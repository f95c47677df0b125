package io.switchboard.dialects.gemini;

import io.switchboard.api.chat.StopReason;
import java.util.Set;

/** Gemini's {@code finishReason} names to canonical stop reasons and back. */
final class GeminiFinishReasons {
  private static final Set<String> FILTERED = Set.of("SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT",
    "SPII", "IMAGE_SAFETY", "IMAGE_PROHIBITED_CONTENT", "IMAGE_RECITATION");

  private GeminiFinishReasons() {
  }

  /** {@code STOP} is a tool use when the answer holds a function call: Gemini has no reason of its own for it. */
  static StopReason read(String finishReason, boolean calledTools) {
    if (finishReason == null || finishReason.equals("STOP") || finishReason.equals("FINISH_REASON_UNSPECIFIED")) {
      return calledTools ? StopReason.TOOL_USE : StopReason.END_TURN;
    }
    if (finishReason.equals("MAX_TOKENS")) {
      return StopReason.MAX_TOKENS;
    }
    return FILTERED.contains(finishReason) ? StopReason.CONTENT_FILTER : StopReason.OTHER;
  }

  /** The detail kept beside a canonical reason: Gemini's own name where the canonical one loses it. */
  static String detail(String finishReason) {
    if (finishReason == null || finishReason.equals("STOP") || finishReason.equals("MAX_TOKENS")
      || finishReason.equals("FINISH_REASON_UNSPECIFIED")) {
      return null;
    }
    return finishReason;
  }

  /**
   * The name a Gemini client sees. A detail that is itself a Gemini name (an answer from a Gemini upstream) is
   * given back as is; Anthropic's pause_turn has no Gemini name and reads as a normal end.
   */
  static String write(StopReason reason, String detail) {
    if (reason == null) {
      return "STOP";
    }
    return switch (reason) {
      case MAX_TOKENS -> "MAX_TOKENS";
      case CONTENT_FILTER -> detail != null && FILTERED.contains(detail) ? detail : "SAFETY";
      case OTHER -> detail != null && detail.matches("[A-Z_]+") ? detail : "OTHER";
      default -> "STOP";
    };
  }
}
