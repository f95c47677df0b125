package io.switchboard.dialects.gemini;

import io.switchboard.api.Dialect;
import io.switchboard.api.ErrorKind;
import io.switchboard.api.chat.CanonicalRequest;
import io.switchboard.api.chat.ChatResponse;
import io.switchboard.dialects.StreamDecoder;
import io.switchboard.dialects.StreamEncoder;
import io.switchboard.dialects.WireFormat;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/** Google Gemini's {@code generateContent} / {@code streamGenerateContent} wire format. */
public final class GeminiWireFormat implements WireFormat {

  @Override
  public Dialect dialect() {
    return Dialect.GEMINI;
  }

  /** {@code model} is the URL's model (a leading {@code models/} is stripped); {@code stream} is the route's. */
  @Override
  public CanonicalRequest decodeRequest(JsonObject body, String model, boolean stream) {
    return GeminiRequestDecoder.decode(body, model, stream);
  }

  /** The body for {@code POST /v1beta/models/{model}:generateContent}: the model is not in it. */
  @Override
  public JsonObject encodeRequest(CanonicalRequest request) {
    return GeminiRequestEncoder.encode(request);
  }

  @Override
  public ChatResponse decodeResponse(JsonObject body) {
    return GeminiResponses.decode(body);
  }

  @Override
  public JsonObject encodeResponse(ChatResponse response, String model) {
    return GeminiResponses.encode(response, model);
  }

  /** Reads {@code streamGenerateContent?alt=sse}. */
  @Override
  public StreamDecoder streamDecoder() {
    return new GeminiStreamDecoder();
  }

  /** SSE chunks as {@code alt=sse} sends them; Gemini always reports usage, so {@code includeUsage} is moot. */
  @Override
  public StreamEncoder streamEncoder(String model, boolean includeUsage) {
    return new GeminiStreamEncoder(model, false);
  }

  /** The same chunks as the streamed JSON array {@code streamGenerateContent} returns without {@code alt=sse}. */
  @Override
  public StreamEncoder jsonArrayStreamEncoder(String model) {
    return new GeminiStreamEncoder(model, true);
  }

  @Override
  public Buffer errorBody(ErrorKind kind, String message) {
    return GeminiErrors.body(kind, message);
  }

  @Override
  public String errorMessage(Buffer body) {
    return GeminiErrors.message(body);
  }
}
