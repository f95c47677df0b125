package io.switchboard.providers.bedrock;

import io.vertx.core.json.JsonObject;

/**
 * One message of a Bedrock response stream: either an Anthropic stream event (the JSON a {@code chunk} carries)
 * or an exception Bedrock sent in the stream ({@code throttlingException}, {@code modelStreamErrorException}, ...).
 */
public record BedrockEvent(JsonObject anthropicEvent, String exceptionType, String exceptionMessage) {

  public static BedrockEvent chunk(JsonObject anthropicEvent) {
    return new BedrockEvent(anthropicEvent, null, null);
  }

  public static BedrockEvent exception(String type, String message) {
    return new BedrockEvent(null, type, message);
  }

  public boolean isException() {
    return anthropicEvent == null;
  }
}
