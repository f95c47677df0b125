package io.switchboard.dialects.openai;

import io.switchboard.api.Dialect;
import io.switchboard.api.ErrorKind;
import io.switchboard.api.Usage;
import io.switchboard.api.chat.CanonicalRequest;
import io.switchboard.api.chat.ChatResponse;
import io.switchboard.dialects.StreamDecoder;
import io.switchboard.dialects.StreamEncoder;
import io.switchboard.dialects.WireFormat;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.time.Clock;

/** OpenAI Chat Completions to and from the canonical model, for conversion between dialects. */
public final class OpenAiWireFormat implements WireFormat {
  private final Clock clock;

  public OpenAiWireFormat() {
    this(Clock.systemUTC());
  }

  /** With a fixed clock, for the {@code created} seconds of golden-file tests. */
  OpenAiWireFormat(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Dialect dialect() {
    return Dialect.OPENAI;
  }

  @Override
  public CanonicalRequest decodeRequest(JsonObject body, String model, boolean stream) {
    return OpenAiRequestDecoder.decode(body, model, stream);
  }

  @Override
  public JsonObject encodeRequest(CanonicalRequest request) {
    return OpenAiRequestEncoder.encode(request);
  }

  @Override
  public ChatResponse decodeResponse(JsonObject body) {
    return OpenAiCanonicalResponses.decode(body);
  }

  @Override
  public Usage responseUsage(Buffer body) {
    return OpenAiAnswerUsage.of(body);
  }

  @Override
  public JsonObject encodeResponse(ChatResponse response, String model) {
    return OpenAiCanonicalResponses.encode(response, model, clock.instant().getEpochSecond());
  }

  @Override
  public StreamDecoder streamDecoder() {
    return new OpenAiStreamDecoder();
  }

  @Override
  public StreamEncoder streamEncoder(String model, boolean includeUsage) {
    return new OpenAiStreamEncoder(model, includeUsage, clock.instant().getEpochSecond());
  }

  @Override
  public Buffer errorBody(ErrorKind kind, String message) {
    return OpenAiErrors.body(kind, message);
  }

  @Override
  public String errorMessage(Buffer body) {
    JsonObject error = OpenAiErrors.parse(body);
    return error == null ? null : error.getString("message");
  }
}
