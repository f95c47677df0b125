package io.switchboard.dialects.openai;

import static io.switchboard.api.JsonObjects.topLevelCopy;

import io.switchboard.api.ChatRequest;
import io.switchboard.api.Dialect;
import io.switchboard.api.ErrorKind;
import io.switchboard.api.GatewayException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/** Decodes an OpenAI Chat Completions request and builds the body a same-dialect upstream receives. */
public final class OpenAiRequests {
  private OpenAiRequests() {
  }

  /** Validates what the gateway needs; everything else in the body travels on untouched. */
  public static ChatRequest decode(Buffer body) {
    JsonObject json;
    try {
      Object parsed = body == null || body.length() == 0 ? null : body.toJsonValue();
      if (!(parsed instanceof JsonObject object)) {
        throw new GatewayException(ErrorKind.BAD_REQUEST,
          "We could not parse the JSON body of your request: the body must be a JSON object.");
      }
      json = object;
    } catch (DecodeException e) {
      throw new GatewayException(ErrorKind.BAD_REQUEST,
        "We could not parse the JSON body of your request: it is not valid JSON.");
    }
    Object model = json.getValue("model");
    if (!(model instanceof String name) || name.isBlank()) {
      throw new GatewayException(ErrorKind.BAD_REQUEST, "you must provide a model parameter");
    }
    Object messages = json.getValue("messages");
    if (messages == null) {
      throw new GatewayException(ErrorKind.BAD_REQUEST, "Missing required parameter: 'messages'.");
    }
    if (!(messages instanceof io.vertx.core.json.JsonArray list) || list.isEmpty()) {
      throw new GatewayException(ErrorKind.BAD_REQUEST, "Invalid 'messages': expected a non-empty array.");
    }
    Object stream = json.getValue("stream");
    if (stream != null && !(stream instanceof Boolean)) {
      throw new GatewayException(ErrorKind.BAD_REQUEST, "Invalid type for 'stream': expected a boolean.");
    }
    boolean streaming = Boolean.TRUE.equals(stream);
    JsonObject options = json.getValue("stream_options") instanceof JsonObject o ? o : null;
    boolean wantsUsage = options != null && Boolean.TRUE.equals(options.getValue("include_usage"));
    return new ChatRequest(Dialect.OPENAI, name, streaming, wantsUsage, json);
  }

  /**
   * The client's body for the upstream: the upstream's model name and, for streams, {@code include_usage}
   * switched on so the gateway always learns the token counts.
   */
  public static Buffer upstreamBody(ChatRequest request, String upstreamModel) {
    JsonObject body = request.bodyWithModel(upstreamModel);
    if (request.stream()) {
      JsonObject options = body.getValue("stream_options") instanceof JsonObject o ? topLevelCopy(o) : new JsonObject();
      body.put("stream_options", options.put("include_usage", true));
    }
    return body.toBuffer();
  }
}
