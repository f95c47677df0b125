package io.switchboard.dialects.anthropic;

import static io.switchboard.dialects.anthropic.AnthropicFields.bool;
import static io.switchboard.dialects.anthropic.AnthropicFields.bad;
import static io.switchboard.dialects.anthropic.AnthropicFields.element;
import static io.switchboard.dialects.anthropic.AnthropicFields.object;
import static io.switchboard.dialects.anthropic.AnthropicFields.requiredString;
import static io.switchboard.dialects.anthropic.AnthropicFields.string;

import io.switchboard.api.chat.Part;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Anthropic content blocks to canonical parts and back, for requests and responses alike. Block types the
 * canonical model has no room for (document, search_result, server_tool_use, web_search_tool_result, container
 * and MCP blocks, file-id images) read as nothing; so do citations and cache_control on anything but text.
 */
final class AnthropicContent {
  private AnthropicContent() {
  }

  /** A message's (or tool result's) content: a string or an array of blocks. */
  static List<Part> decodeAll(Object content, String path, Map<String, String> toolNames) {
    if (content == null) {
      return List.of();
    }
    if (content instanceof String text) {
      return List.of(Part.Text.of(text));
    }
    if (!(content instanceof JsonArray blocks)) {
      throw bad(path, "Input should be a valid list");
    }
    List<Part> parts = new ArrayList<>(blocks.size());
    for (int i = 0; i < blocks.size(); i++) {
      Part part = decode(element(blocks, i, path), path + "." + i, toolNames);
      if (part != null) {
        parts.add(part);
      }
    }
    return parts;
  }

  /** One block, or null when its type is one the canonical model drops. Tool calls are noted in toolNames. */
  static Part decode(JsonObject block, String path, Map<String, String> toolNames) {
    String type = requiredString(block, "type", path + ".type");
    switch (type) {
      case "text":
        return new Part.Text(requiredString(block, "text", path + ".text"),
          object(block, "cache_control", path + ".cache_control"));
      case "image":
        JsonObject source = object(block, "source", path + ".source");
        if (source == null) {
          throw bad(path + ".source", "Field required");
        }
        return image(source, path + ".source");
      case "tool_use":
        String id = requiredString(block, "id", path + ".id");
        String name = requiredString(block, "name", path + ".name");
        JsonObject input = object(block, "input", path + ".input");
        toolNames.put(id, name);
        return new Part.ToolCall(id, name, input == null ? "{}" : input.encode());
      case "tool_result":
        String callId = requiredString(block, "tool_use_id", path + ".tool_use_id");
        List<Part> content = decodeAll(block.getValue("content"), path + ".content", toolNames);
        return new Part.ToolResult(callId, toolNames.get(callId), content,
          Boolean.TRUE.equals(bool(block, "is_error", path + ".is_error")));
      case "thinking":
        return new Part.Thinking(requiredString(block, "thinking", path + ".thinking"),
          string(block, "signature", path + ".signature"));
      case "redacted_thinking":
        return new Part.RedactedThinking(requiredString(block, "data", path + ".data"));
      default:
        return null;
    }
  }

  private static Part image(JsonObject source, String path) {
    String type = requiredString(source, "type", path + ".type");
    if (type.equals("base64")) {
      return new Part.Image(null, requiredString(source, "media_type", path + ".media_type"),
        requiredString(source, "data", path + ".data"), null);
    }
    if (type.equals("url")) {
      return new Part.Image(requiredString(source, "url", path + ".url"), null, null, null);
    }
    return null; // "file": an id in Anthropic's Files API, meaningless to any other upstream
  }

  /** Content as Anthropic takes it: a lone plain text as a string, anything else as blocks. */
  static Object encodeAll(List<Part> parts) {
    if (parts.size() == 1 && parts.get(0) instanceof Part.Text text && text.cacheControl() == null) {
      return text.text();
    }
    JsonArray blocks = new JsonArray();
    for (Part part : parts) {
      JsonObject block = encode(part);
      if (block != null) {
        blocks.add(block);
      }
    }
    return blocks;
  }

  /** One part as a block, or null when it cannot be one (an image with neither URL nor data). */
  static JsonObject encode(Part part) {
    if (part instanceof Part.Text text) {
      JsonObject block = new JsonObject().put("type", "text").put("text", text.text());
      return text.cacheControl() == null ? block : block.put("cache_control", text.cacheControl().copy());
    }
    if (part instanceof Part.Image image) {
      return image(image);
    }
    if (part instanceof Part.ToolCall call) {
      return new JsonObject().put("type", "tool_use").put("id", call.id()).put("name", call.name())
        .put("input", input(call.arguments()));
    }
    if (part instanceof Part.ToolResult result) {
      JsonObject block = new JsonObject().put("type", "tool_result").put("tool_use_id", result.toolCallId());
      List<Part> content = result.content().stream()
        .filter(p -> p instanceof Part.Text || p instanceof Part.Image).toList();
      if (!content.isEmpty()) {
        block.put("content", encodeAll(content));
      }
      return result.isError() ? block.put("is_error", true) : block;
    }
    if (part instanceof Part.Thinking thinking) {
      return new JsonObject().put("type", "thinking").put("thinking", thinking.text())
        .put("signature", thinking.signature() == null ? "" : thinking.signature());
    }
    Part.RedactedThinking redacted = (Part.RedactedThinking) part;
    return new JsonObject().put("type", "redacted_thinking").put("data", redacted.data());
  }

  private static JsonObject image(Part.Image image) {
    JsonObject source;
    if (image.inline()) {
      source = new JsonObject().put("type", "base64").put("media_type", image.mediaType()).put("data", image.data());
    } else if (image.url() == null) {
      return null;
    } else if (image.url().startsWith("data:") && image.url().contains(";base64,")) {
      // an OpenAI client's inline image arrives as a data URL; Anthropic fetches only http(s) URLs
      String url = image.url();
      int comma = url.indexOf(";base64,");
      source = new JsonObject().put("type", "base64").put("media_type", url.substring(5, comma))
        .put("data", url.substring(comma + 8));
    } else {
      source = new JsonObject().put("type", "url").put("url", image.url());
    }
    return new JsonObject().put("type", "image").put("source", source);
  }

  /**
   * Tool arguments as the input object Anthropic requires. Text that is not a JSON object (a model's broken
   * output from another provider) becomes an empty object: Anthropic rejects anything else.
   */
  static JsonObject input(String arguments) {
    if (arguments == null || arguments.isBlank()) {
      return new JsonObject();
    }
    try {
      return new JsonObject(arguments);
    } catch (RuntimeException notAnObject) { // DecodeException, or a JSON value that is not an object
      return new JsonObject();
    }
  }
}
