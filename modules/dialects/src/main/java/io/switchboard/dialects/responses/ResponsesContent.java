package io.switchboard.dialects.responses;

import static io.switchboard.dialects.openai.OpenAiRequestFields.element;
import static io.switchboard.dialects.openai.OpenAiRequestFields.invalidType;
import static io.switchboard.dialects.openai.OpenAiRequestFields.requiredString;
import static io.switchboard.dialects.openai.OpenAiRequestFields.string;

import io.switchboard.api.ErrorKind;
import io.switchboard.api.GatewayException;
import io.switchboard.api.chat.Part;
import io.switchboard.dialects.openai.OpenAiImageUrls;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the content of a Responses message or call output: a string, or a list of parts ({@code input_text},
 * {@code output_text}, {@code input_image}). Files, audio and images given by OpenAI file id are left out (the
 * canonical model carries no files); a model's refusal, like Chat Completions', goes back to no upstream. A part of a
 * type the gateway does not know is OpenAI's to judge, and refused by a conversion.
 */
final class ResponsesContent {
  private ResponsesContent() {
  }

  static List<Part> read(Object content, String path, List<Omission> omissions) {
    if (content instanceof String text) {
      return List.of(Part.Text.of(text));
    }
    if (!(content instanceof JsonArray list)) {
      throw invalidType(path, "a string or an array of content parts");
    }
    List<Part> parts = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      String partPath = path + "[" + i + "]";
      JsonObject part = element(list, i, path);
      String type = requiredString(part, "type", partPath + ".type");
      switch (type) {
        case "input_text" -> parts.add(Part.Text.of(requiredString(part, "text", partPath + ".text")));
        case "output_text" -> {
          String text = requiredString(part, "text", partPath + ".text");
          if (!text.isEmpty()) { // an empty block upsets other upstreams
            parts.add(Part.Text.of(text));
          }
        }
        case "input_image" -> {
          Part.Image image = image(part, partPath, omissions);
          if (image != null) {
            parts.add(image);
          }
        }
        case "input_file", "input_audio" -> omissions.add(OpenAiOnlyFeatures.file(partPath));
        case "refusal" -> { } // the model's own refusal; no other dialect takes it back
        default -> omissions.add(OpenAiOnlyFeatures.contentPart(partPath, type));
      }
    }
    return parts;
  }

  private static Part.Image image(JsonObject part, String path, List<Omission> omissions) {
    String detail = string(part, "detail", path + ".detail");
    String url = string(part, "image_url", path + ".image_url");
    if (url == null) {
      if (string(part, "file_id", path + ".file_id") == null) {
        throw new GatewayException(ErrorKind.BAD_REQUEST,
          "Missing required parameter: '" + path + ".image_url' (or '" + path + ".file_id').");
      }
      omissions.add(OpenAiOnlyFeatures.file(path + ".file_id"));
      return null;
    }
    return OpenAiImageUrls.part(url, detail, path + ".image_url");
  }
}
