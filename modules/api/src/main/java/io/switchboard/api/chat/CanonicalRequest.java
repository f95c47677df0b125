package io.switchboard.api.chat;

import java.util.List;

/**
 * A chat request in no particular dialect: what one wire format decodes and another encodes when client and
 * upstream differ. Scalars are null when the client did not set them, so an encoder sends only what was asked.
 * {@code metadata} carries a stable end-user id where the client gave one ({@code user}, Anthropic
 * {@code metadata.user_id}).
 */
public record CanonicalRequest(
  String model,
  List<Part> system,
  List<Message> messages,
  List<Tool> tools,
  ToolChoice toolChoice,
  Integer maxTokens,
  Double temperature,
  Double topP,
  Integer topK,
  List<String> stop,
  Long seed,
  ResponseFormat responseFormat,
  ThinkingConfig thinking,
  String user,
  boolean stream) {

  public CanonicalRequest {
    system = system == null ? List.of() : List.copyOf(system);
    messages = List.copyOf(messages);
    tools = tools == null ? List.of() : List.copyOf(tools);
    stop = stop == null ? List.of() : List.copyOf(stop);
  }

  /** The same request for another model name (routing aliases) or stream mode. */
  public CanonicalRequest with(String newModel, boolean newStream) {
    return new CanonicalRequest(newModel, system, messages, tools, toolChoice, maxTokens, temperature, topP, topK,
      stop, seed, responseFormat, thinking, user, newStream);
  }
}
