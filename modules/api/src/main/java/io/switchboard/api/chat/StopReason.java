package io.switchboard.api.chat;

/** Why the model stopped. Each dialect maps its own names to these and back. */
public enum StopReason {
  /** Natural end (OpenAI "stop", Anthropic "end_turn", Gemini "STOP"). */
  END_TURN,
  /** Hit max tokens (OpenAI "length", Anthropic "max_tokens", Gemini "MAX_TOKENS"). */
  MAX_TOKENS,
  /** A stop sequence matched (OpenAI "stop", Anthropic "stop_sequence", Gemini "STOP"). */
  STOP_SEQUENCE,
  /** The model called tools (OpenAI "tool_calls", Anthropic "tool_use", Gemini "STOP" with function calls). */
  TOOL_USE,
  /** Filtered for safety or policy (OpenAI "content_filter", Anthropic "refusal", Gemini "SAFETY" and kin). */
  CONTENT_FILTER,
  /** Anthropic "pause_turn": a long server-side turn paused, the client may continue it. */
  PAUSE_TURN,
  /** Anything else the upstream said; the original text is kept where the model has room for it. */
  OTHER
}
