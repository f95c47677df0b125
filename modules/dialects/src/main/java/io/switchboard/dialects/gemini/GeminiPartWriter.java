package io.switchboard.dialects.gemini;

import io.switchboard.api.chat.Part;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.Map;

/**
 * Canonical parts as Gemini parts, in Google's field order. What Gemini cannot carry is left out by rule:
 * Anthropic's {@code cacheControl} (Gemini caches through {@code cachedContent}), an image's {@code detail},
 * and redacted thinking (only Anthropic can read it).
 */
final class GeminiPartWriter {
  private static final Map<String, String> IMAGE_TYPES = Map.of("png", "image/png", "jpg", "image/jpeg",
    "jpeg", "image/jpeg", "gif", "image/gif", "webp", "image/webp", "heic", "image/heic", "heif", "image/heif",
    "pdf", "application/pdf");

  private GeminiPartWriter() {
  }

  /**
   * A part of a request to a Gemini upstream, or null when it has none. Thinking is dropped: Gemini reads only
   * its own thought signatures, and a thought without one is ignored or rejected. Call ids are not sent: Gemini
   * pairs calls and responses by name and order, and the Gemini API's own answers carry none.
   */
  static JsonObject requestPart(Part part) {
    if (part instanceof Part.Text text) {
      // Gemini rejects an empty text part ("contents.parts must not be empty")
      return text.text().isEmpty() ? null : new JsonObject().put("text", text.text());
    }
    if (part instanceof Part.Image image) {
      return image(image);
    }
    if (part instanceof Part.ToolCall call) {
      return new JsonObject().put("functionCall", functionCall(null, call.name(), GeminiArgs.object(call.arguments())));
    }
    if (part instanceof Part.ToolResult result) {
      return new JsonObject().put("functionResponse",
        new JsonObject().put("name", result.toolName()).put("response", GeminiArgs.response(result)));
    }
    return null;
  }

  /**
   * A part of an answer to a Gemini client. A thought keeps its signature as {@code thoughtSignature}: the client
   * sends it back with the history, and the request decoder returns it to the thought it came with.
   */
  static JsonObject responsePart(Part part) {
    if (part instanceof Part.Text text) {
      return new JsonObject().put("text", text.text());
    }
    if (part instanceof Part.Thinking thinking) {
      return thought(thinking.text(), thinking.signature());
    }
    if (part instanceof Part.Image image) {
      return image(image);
    }
    if (part instanceof Part.ToolCall call) {
      return new JsonObject().put("functionCall",
        functionCall(call.id(), call.name(), GeminiArgs.object(call.arguments())));
    }
    return null;
  }

  static JsonObject thought(String text, String signature) {
    JsonObject out = new JsonObject().put("text", text).put("thought", true);
    return signature == null ? out : out.put("thoughtSignature", signature);
  }

  static JsonObject functionCall(String id, String name, JsonObject args) {
    JsonObject call = new JsonObject().put("name", name).put("args", args);
    return id == null ? call : call.put("id", id);
  }

  static JsonObject image(Part.Image image) {
    if (image.inline()) {
      return inline(image.mediaType() != null ? image.mediaType() : "image/jpeg", image.data());
    }
    String url = image.url();
    int comma = url.indexOf(',');
    if (url.startsWith("data:") && comma > 0 && url.substring(0, comma).endsWith(";base64")) {
      // an OpenAI-style data URL is inline data to Gemini, which fetches only file and https URIs
      return inline(url.substring(5, comma - 7), url.substring(comma + 1));
    }
    JsonObject file = new JsonObject();
    String mimeType = image.mediaType() != null ? image.mediaType() : guessType(url);
    if (mimeType != null) {
      file.put("mimeType", mimeType);
    }
    return new JsonObject().put("fileData", file.put("fileUri", url));
  }

  private static JsonObject inline(String mimeType, String data) {
    return new JsonObject().put("inlineData", new JsonObject().put("mimeType", mimeType).put("data", data));
  }

  private static String guessType(String url) {
    String path = url.replaceFirst("[?#].*$", "");
    int dot = path.lastIndexOf('.');
    return dot < 0 ? null : IMAGE_TYPES.get(path.substring(dot + 1).toLowerCase(Locale.ROOT));
  }
}
