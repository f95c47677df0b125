package io.switchboard.api;

import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;

/** What JSON bodies on their way to an upstream need of {@link JsonObject} beyond its own methods. */
public final class JsonObjects {
  private JsonObjects() {
  }

  /**
   * A copy of the object's own fields, in their order, whose values are shared: enough to put or remove a field of it
   * without touching the original, at the cost of its field count rather than its size ({@link JsonObject#copy()}
   * copies every object and array under it).
   */
  public static JsonObject topLevelCopy(JsonObject object) {
    return new JsonObject(new LinkedHashMap<>(object.getMap()));
  }
}
