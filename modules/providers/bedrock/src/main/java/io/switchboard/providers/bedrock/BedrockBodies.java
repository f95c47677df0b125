package io.switchboard.providers.bedrock;

import io.vertx.core.json.JsonObject;
import java.util.Map;

/** Request bodies for Anthropic models on Bedrock's InvokeModel APIs. */
public final class BedrockBodies {

  /** The version Bedrock's Anthropic models take in the body, in place of the anthropic-version header. */
  public static final String ANTHROPIC_VERSION = "bedrock-2023-05-31";

  private BedrockBodies() {
  }

  /**
   * The Anthropic Messages request as Bedrock takes it: the model moves to the URL and streaming to the choice
   * of endpoint, so {@code model} and {@code stream} go; {@code anthropic_version} comes first (the client's own
   * if it set one). Every other field is kept as it is, in its order. The argument is not modified.
   */
  public static JsonObject anthropic(JsonObject messagesRequest) {
    JsonObject body = new JsonObject();
    Object version = messagesRequest.getValue("anthropic_version");
    body.put("anthropic_version", version != null ? version : ANTHROPIC_VERSION);
    for (Map.Entry<String, Object> field : messagesRequest) {
      switch (field.getKey()) {
        case "model", "stream", "anthropic_version" -> {
        }
        default -> body.put(field.getKey(), field.getValue());
      }
    }
    return body;
  }
}
