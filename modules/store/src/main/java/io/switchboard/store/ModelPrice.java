package io.switchboard.store;

import io.vertx.core.json.JsonObject;

/** Prices of one model per million tokens, in integer micro-units of the currency. */
public record ModelPrice(String model, long inputMicros, long outputMicros, long cacheWriteMicros,
                         long cacheReadMicros) {
  public JsonObject toJson() {
    return new JsonObject().put("model", model).put("inputMicros", inputMicros).put("outputMicros", outputMicros)
      .put("cacheWriteMicros", cacheWriteMicros).put("cacheReadMicros", cacheReadMicros);
  }
}
