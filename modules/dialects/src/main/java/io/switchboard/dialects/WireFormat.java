package io.switchboard.dialects;

import io.switchboard.api.Dialect;
import io.switchboard.api.ErrorKind;
import io.switchboard.api.GatewayException;
import io.switchboard.api.Usage;
import io.switchboard.api.chat.CanonicalRequest;
import io.switchboard.api.chat.ChatResponse;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * One dialect's mapping to and from the canonical model, used on both sides of the gateway: the client side
 * decodes requests and encodes responses, streams and errors; the upstream side encodes requests and decodes
 * responses, streams and errors. Pure code: no I/O. Every method that reads client input throws
 * {@link io.switchboard.api.GatewayException} of kind {@code BAD_REQUEST} naming the bad field.
 */
public interface WireFormat {
  Dialect dialect();

  /** A request body as a client of this dialect sends it. The model may come from the URL (Gemini): {@code model}. */
  CanonicalRequest decodeRequest(JsonObject body, String model, boolean stream);

  /** The body to send an upstream of this dialect (the model name inside it where the dialect has one). */
  JsonObject encodeRequest(CanonicalRequest request);

  /** A complete answer from an upstream of this dialect. */
  ChatResponse decodeResponse(JsonObject body);

  /**
   * The usage of a complete answer from an upstream of this dialect that its client gets as it came (null when it
   * reports none): what {@code decodeResponse} of the parsed body gives, refusing what it and {@link #answerJson}
   * refuse. A dialect may read it without building the rest.
   */
  default Usage responseUsage(Buffer body) {
    return decodeResponse(answerJson(body)).usage();
  }

  /** An upstream's complete answer as JSON; an upstream error when it is not one JSON object. */
  static JsonObject answerJson(Buffer body) {
    try {
      return body.toJsonObject();
    } catch (RuntimeException notJson) {
      throw notJsonAnswer();
    }
  }

  static GatewayException notJsonAnswer() {
    return new GatewayException(ErrorKind.UPSTREAM_ERROR, "the upstream answered with a body that is not JSON");
  }

  /** A complete answer for a client of this dialect; {@code model} is the name the client asked for. */
  JsonObject encodeResponse(ChatResponse response, String model);

  /**
   * The same, for dialects whose answer repeats the parameters the client asked with (the Responses API echoes
   * instructions, tools, temperature...): {@code clientRequest} is the client's body. Others ignore it.
   */
  default JsonObject encodeResponse(ChatResponse response, String model, JsonObject clientRequest) {
    return encodeResponse(response, model);
  }

  /** Reads an upstream stream of this dialect. */
  StreamDecoder streamDecoder();

  /** Writes a stream for a client of this dialect; {@code includeUsage} honours OpenAI's stream_options. */
  StreamEncoder streamEncoder(String model, boolean includeUsage);

  /** The same, for dialects whose stream repeats the client's request parameters (see encodeResponse). */
  default StreamEncoder streamEncoder(String model, boolean includeUsage, JsonObject clientRequest) {
    return streamEncoder(model, includeUsage);
  }

  /**
   * Writes a stream as one JSON array, element by element: Gemini's streamGenerateContent without {@code alt=sse}.
   * Other dialects have no such form.
   */
  default StreamEncoder jsonArrayStreamEncoder(String model) {
    throw new UnsupportedOperationException(dialect() + " has no JSON-array streams");
  }

  /** An error body in this dialect's shape. */
  Buffer errorBody(ErrorKind kind, String message);

  /** The message of an upstream error body in this dialect's shape, or null when it has another shape. */
  String errorMessage(Buffer body);
}
