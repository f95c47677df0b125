package io.switchboard.api.chat;

/**
 * Extended reasoning: {@code enabled} with a token {@code budget} (Anthropic budget_tokens, Gemini
 * thinkingBudget), or an {@code effort} ("low", "medium", "high": OpenAI reasoning_effort), or
 * {@code adaptive} (the model decides). Null on a request when the client said nothing.
 */
public record ThinkingConfig(boolean enabled, Integer budget, String effort, boolean adaptive) {
}
