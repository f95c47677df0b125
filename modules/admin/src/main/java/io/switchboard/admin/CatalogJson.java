package io.switchboard.admin;

import io.switchboard.store.ModelPrice;
import io.switchboard.store.UserGroup;
import io.vertx.core.json.JsonObject;

/** User groups and model prices as the admin API shows them. */
final class CatalogJson {
  private CatalogJson() {
  }

  static JsonObject group(UserGroup g) {
    return new JsonObject().put("name", g.name()).put("ratioPpm", g.ratioPpm()).put("strategy", g.strategy())
      .put("description", g.description());
  }

  static JsonObject price(ModelPrice p) {
    return new JsonObject().put("model", p.model()).put("inputMicros", p.inputMicros())
      .put("outputMicros", p.outputMicros()).put("cacheWriteMicros", p.cacheWriteMicros())
      .put("cacheReadMicros", p.cacheReadMicros()).put("unitMicros", p.unitMicros());
  }
}
