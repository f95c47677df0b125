package io.switchboard.dialects.responses;

/**
 * Something a Responses request asked for that a conversion to another dialect leaves out, and why: the caller logs
 * it (the client is not refused, since Codex CLI, for one, declares OpenAI's hosted tools on every request).
 * {@code field} is the path in the client's body, e.g. {@code tools[2]} or {@code previous_response_id}. One that is
 * {@code refused} cannot be left out (it is part of what the client says): a conversion refuses the request with
 * {@code reason} as its 400, where an OpenAI upstream gets it as sent.
 */
public record Omission(String field, String reason, boolean refused) {
  public Omission(String field, String reason) {
    this(field, reason, false);
  }

  @Override
  public String toString() {
    return field + ": " + reason;
  }
}
