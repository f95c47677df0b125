package io.switchboard.dialects.responses;

import io.switchboard.api.Dialect;
import io.switchboard.api.ErrorKind;
import io.switchboard.api.GatewayException;
import io.switchboard.api.chat.CanonicalRequest;
import io.switchboard.api.chat.ChatResponse;
import io.switchboard.dialects.StreamDecoder;
import io.switchboard.dialects.StreamEncoder;
import io.switchboard.dialects.WireFormat;
import io.switchboard.dialects.openai.OpenAiErrors;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.List;

/**
 * OpenAI's Responses API ({@code POST /v1/responses}, the API of Codex CLI and of OpenAI's newer SDK calls) to and
 * from the canonical model. Errors have Chat Completions' shape; answers and streams repeat the client's request
 * parameters, so the forms that take {@code clientRequest} are the ones to use.
 */
public final class ResponsesWireFormat implements WireFormat {
  /** A decoded request and what a conversion to another dialect leaves out of it (for the caller to log). */
  public record Decoded(CanonicalRequest request, List<Omission> omissions) {
    public Decoded {
      omissions = List.copyOf(omissions);
    }

    /** The client's 400 for the first part a conversion cannot leave out, or null when it can convert all. */
    public GatewayException unconvertible() {
      for (Omission omission : omissions) {
        if (omission.refused()) {
          return new GatewayException(ErrorKind.BAD_REQUEST, omission.reason());
        }
      }
      return null;
    }
  }

  private final Clock clock;

  public ResponsesWireFormat() {
    this(Clock.systemUTC());
  }

  /** With a fixed clock, for the {@code created_at} seconds of golden-file tests. */
  ResponsesWireFormat(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Dialect dialect() {
    return Dialect.RESPONSES;
  }

  /** The canonical request and the omissions a conversion makes; throws BAD_REQUEST naming a bad field. */
  public Decoded decode(JsonObject body, String model, boolean stream) {
    return ResponsesRequestDecoder.decode(body, model, stream);
  }

  @Override
  public CanonicalRequest decodeRequest(JsonObject body, String model, boolean stream) {
    return decode(body, model, stream).request();
  }

  @Override
  public JsonObject encodeRequest(CanonicalRequest request) {
    return ResponsesRequestEncoder.encode(request);
  }

  @Override
  public ChatResponse decodeResponse(JsonObject body) {
    return ResponsesAnswers.decode(body);
  }

  @Override
  public JsonObject encodeResponse(ChatResponse response, String model) {
    return encodeResponse(response, model, null);
  }

  @Override
  public JsonObject encodeResponse(ChatResponse response, String model, JsonObject clientRequest) {
    return ResponsesAnswers.encode(response, model, clock.instant().getEpochSecond(),
      clientRequest == null ? new JsonObject() : clientRequest);
  }

  @Override
  public StreamDecoder streamDecoder() {
    return new ResponsesStreamDecoder();
  }

  /** Usage is always in {@code response.completed}, so {@code includeUsage} changes nothing. */
  @Override
  public StreamEncoder streamEncoder(String model, boolean includeUsage) {
    return streamEncoder(model, includeUsage, null);
  }

  @Override
  public StreamEncoder streamEncoder(String model, boolean includeUsage, JsonObject clientRequest) {
    return new ResponsesStreamEncoder(model, clock.instant().getEpochSecond(), clientRequest);
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
