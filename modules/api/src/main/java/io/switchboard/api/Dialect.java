package io.switchboard.api;

/**
 * The wire formats clients and upstreams speak. {@code OPENAI} is Chat Completions; {@code RESPONSES} is OpenAI's
 * Responses API ("openai-responses", the API of Codex CLI), a dialect of its own: its requests, answers and
 * streams share nothing with Chat Completions but the error shape.
 */
public enum Dialect {
  OPENAI, ANTHROPIC, GEMINI, RESPONSES
}
