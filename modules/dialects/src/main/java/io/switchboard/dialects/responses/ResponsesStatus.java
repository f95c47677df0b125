package io.switchboard.dialects.responses;

import io.switchboard.api.chat.StopReason;

/**
 * A response's {@code status} and {@code incomplete_details.reason} to canonical stop reasons and back. The
 * Responses API has no stop reason of its own: a completed response ended naturally, or called tools when its
 * output holds calls; running out of tokens and the content filter make it {@code incomplete}.
 */
final class ResponsesStatus {
  static final String COMPLETED = "completed";
  static final String INCOMPLETE = "incomplete";

  private ResponsesStatus() {
  }

  static String of(StopReason reason) {
    return incompleteReason(reason) == null ? COMPLETED : INCOMPLETE;
  }

  /** {@code max_output_tokens} or {@code content_filter}, else null (the response is complete). */
  static String incompleteReason(StopReason reason) {
    if (reason == StopReason.MAX_TOKENS) {
      return "max_output_tokens";
    }
    return reason == StopReason.CONTENT_FILTER ? "content_filter" : null;
  }

  static StopReason toCanonical(String status, String incompleteReason, boolean calledTools) {
    if (!INCOMPLETE.equals(status)) {
      return calledTools ? StopReason.TOOL_USE : StopReason.END_TURN;
    }
    if ("max_output_tokens".equals(incompleteReason)) {
      return StopReason.MAX_TOKENS;
    }
    return "content_filter".equals(incompleteReason) ? StopReason.CONTENT_FILTER : StopReason.OTHER;
  }

  /** The upstream's own words where the canonical reason does not say them (an unknown incomplete reason). */
  static String detail(String status, String incompleteReason) {
    return toCanonical(status, incompleteReason, false) == StopReason.OTHER ? incompleteReason : null;
  }
}
