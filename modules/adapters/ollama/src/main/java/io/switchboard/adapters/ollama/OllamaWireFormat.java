package io.switchboard.adapters.ollama;

import io.switchboard.api.Dialect;
import io.switchboard.api.ErrorKind;
import io.switchboard.api.chat.CanonicalRequest;
import io.switchboard.api.chat.ChatResponse;
import io.switchboard.dialects.StreamDecoder;
import io.switchboard.dialects.StreamEncoder;
import io.switchboard.dialects.WireFormat;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * Ollama's chat wire, upstream side only: requests encoded for {@code /api/chat}, answers and NDJSON streams decoded.
 * No client speaks it, so the client-side methods are not there.
 */
final class OllamaWireFormat implements WireFormat {
  /** Not a client dialect. */
  @Override
  public Dialect dialect() {
    return null;
  }

  @Override
  public JsonObject encodeRequest(CanonicalRequest request) {
    return OllamaRequests.encode(request);
  }

  @Override
  public ChatResponse decodeResponse(JsonObject body) {
    return OllamaAnswers.decode(body);
  }

  @Override
  public StreamDecoder streamDecoder() {
    return new OllamaStreamDecoder();
  }

  /** Ollama's error shape: {@code {"error":"message"}}. */
  @Override
  public Buffer errorBody(ErrorKind kind, String message) {
    return new JsonObject().put("error", message).toBuffer();
  }

  @Override
  public String errorMessage(Buffer body) {
    try {
      return body.toJsonObject().getValue("error") instanceof String message ? message : null;
    } catch (RuntimeException notJson) {
      return null;
    }
  }

  @Override
  public CanonicalRequest decodeRequest(JsonObject body, String model, boolean stream) {
    throw notAClientDialect();
  }

  @Override
  public JsonObject encodeResponse(ChatResponse response, String model) {
    throw notAClientDialect();
  }

  @Override
  public StreamEncoder streamEncoder(String model, boolean includeUsage) {
    throw notAClientDialect();
  }

  private static UnsupportedOperationException notAClientDialect() {
    return new UnsupportedOperationException("no client speaks Ollama's wire");
  }
}
