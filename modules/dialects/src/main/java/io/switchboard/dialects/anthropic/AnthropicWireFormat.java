package io.switchboard.dialects.anthropic;

import io.switchboard.api.Dialect;
import io.switchboard.api.ErrorKind;
import io.switchboard.api.chat.CanonicalRequest;
import io.switchboard.api.chat.ChatResponse;
import io.switchboard.dialects.StreamDecoder;
import io.switchboard.dialects.StreamEncoder;
import io.switchboard.dialects.WireFormat;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/** The Anthropic Messages API ({@code POST /v1/messages}) to and from the canonical model. */
public final class AnthropicWireFormat implements WireFormat {

  public AnthropicWireFormat() {
  }

  @Override
  public Dialect dialect() {
    return Dialect.ANTHROPIC;
  }

  @Override
  public CanonicalRequest decodeRequest(JsonObject body, String model, boolean stream) {
    return AnthropicRequestDecoder.decode(body, model, stream);
  }

  @Override
  public JsonObject encodeRequest(CanonicalRequest request) {
    return AnthropicRequestEncoder.encode(request);
  }

  @Override
  public ChatResponse decodeResponse(JsonObject body) {
    return AnthropicResponses.decode(body);
  }

  @Override
  public JsonObject encodeResponse(ChatResponse response, String model) {
    return AnthropicResponses.encode(response, model);
  }

  @Override
  public StreamDecoder streamDecoder() {
    return new AnthropicStreamDecoder();
  }

  /** Anthropic always reports usage in a stream, so {@code includeUsage} changes nothing. */
  @Override
  public StreamEncoder streamEncoder(String model, boolean includeUsage) {
    return new AnthropicStreamEncoder(model);
  }

  @Override
  public Buffer errorBody(ErrorKind kind, String message) {
    return AnthropicErrors.body(kind, message);
  }

  @Override
  public String errorMessage(Buffer body) {
    return AnthropicErrors.message(body);
  }
}
