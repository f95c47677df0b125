package io.switchboard.dialects.openai;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** The {@code GET /v1/models} list in OpenAI's shape. */
public final class OpenAiModels {
  private OpenAiModels() {
  }

  public static Buffer list(List<String> models) {
    JsonArray data = new JsonArray();
    for (String model : models) {
      data.add(new JsonObject().put("id", model).put("object", "model").put("created", 0).put("owned_by", "switchboard"));
    }
    return new JsonObject().put("object", "list").put("data", data).toBuffer();
  }
}
