package io.switchboard.ingress;

import io.switchboard.api.Dialect;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** The list of models a key may use, in the shape each dialect's SDK reads. */
final class ModelLists {
  private ModelLists() {
  }

  static Buffer render(Dialect dialect, List<String> models) {
    return switch (dialect) {
      case OPENAI, RESPONSES -> io.switchboard.dialects.openai.OpenAiModels.list(models);
      case ANTHROPIC -> anthropic(models);
      case GEMINI -> gemini(models);
    };
  }

  /** One model, as each SDK's retrieve/get reads it. */
  static Buffer one(Dialect dialect, String model) {
    return switch (dialect) {
      case OPENAI, RESPONSES -> openAiModel(model).toBuffer();
      case ANTHROPIC -> anthropicModel(model).toBuffer();
      case GEMINI -> geminiModel(model).toBuffer();
    };
  }

  private static JsonObject openAiModel(String m) {
    return new JsonObject().put("id", m).put("object", "model").put("created", 0).put("owned_by", "switchboard");
  }

  private static JsonObject anthropicModel(String m) {
    return new JsonObject().put("type", "model").put("id", m).put("display_name", m)
      .put("created_at", "1970-01-01T00:00:00Z");
  }

  private static JsonObject geminiModel(String m) {
    return new JsonObject().put("name", "models/" + m).put("displayName", m)
      .put("supportedGenerationMethods", new JsonArray().add("generateContent").add("streamGenerateContent"));
  }

  private static Buffer anthropic(List<String> models) {
    JsonArray data = new JsonArray();
    models.forEach(m -> data.add(anthropicModel(m)));
    return new JsonObject().put("data", data).put("has_more", false)
      .put("first_id", models.isEmpty() ? null : models.get(0))
      .put("last_id", models.isEmpty() ? null : models.get(models.size() - 1)).toBuffer();
  }

  private static Buffer gemini(List<String> models) {
    JsonArray list = new JsonArray();
    models.forEach(m -> list.add(geminiModel(m)));
    return new JsonObject().put("models", list).toBuffer();
  }
}
