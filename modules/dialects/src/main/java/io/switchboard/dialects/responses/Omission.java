package io.switchboard.dialects.responses;

/**
 * Something a Responses request asked for that a conversion to another dialect leaves out, and why: the caller logs
 * it (the client is not refused, since Codex CLI, for one, declares OpenAI's hosted tools on every request).
 * {@code field} is the path in the client's body, e.g. {@code tools[2]} or {@code previous_response_id}.
 */
public record Omission(String field, String reason) {
  @Override
  public String toString() {
    return field + ": " + reason;
  }
}
