package io.switchboard.dialects.anthropic;

import io.switchboard.api.chat.CanonicalRequest;
import io.switchboard.dialects.TokenEstimate;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * An answer to Anthropic's {@code count_tokens} made without an upstream that can count: the request's input
 * estimated locally ({@link TokenEstimate}). Such answers carry {@link #HEADER}: {@value #ESTIMATED}.
 */
public final class AnthropicTokenCounts {
  public static final String HEADER = "x-switchboard-token-count";
  public static final String ESTIMATED = "estimated";
  private static final AnthropicWireFormat FORMAT = new AnthropicWireFormat();

  private AnthropicTokenCounts() {
  }

  /** {@code {"input_tokens": n}} for a count_tokens body (a messages request without max_tokens). */
  public static Buffer estimate(JsonObject countRequest) {
    CanonicalRequest canonical = FORMAT.decodeRequest(countRequest.copy().put("max_tokens", 1), null, false);
    return new JsonObject().put("input_tokens", TokenEstimate.inputTokens(canonical)).toBuffer();
  }
}
