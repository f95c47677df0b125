package io.switchboard.dialects;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.Consumer;

/** Every node of a JSON body replaced by a value of every JSON type, and removed: for codecs that must not crash. */
public final class JsonMutations {
  private static final List<Object> WRONG = List.of(42, 1.5, "x", true, new JsonArray(), new JsonObject(),
    new JsonArray().add(7));

  private JsonMutations() {
  }

  /** Calls {@code check} with a copy of {@code body} for each node replaced by each wrong value, and removed. */
  public static void each(JsonObject body, Consumer<JsonObject> check) {
    JsonObject root = body.copy();
    walk(root, root, check);
  }

  private static void walk(JsonObject root, Object node, Consumer<JsonObject> check) {
    if (node instanceof JsonObject object) {
      for (String key : List.copyOf(object.fieldNames())) {
        Object original = object.getValue(key);
        for (Object wrong : WRONG) {
          object.put(key, wrong);
          check.accept(root.copy());
        }
        object.remove(key);
        check.accept(root.copy());
        object.put(key, original);
        walk(root, original, check);
      }
    } else if (node instanceof JsonArray array) {
      for (int i = 0; i < array.size(); i++) {
        Object original = array.getValue(i);
        for (Object wrong : WRONG) {
          array.set(i, wrong);
          check.accept(root.copy());
        }
        array.set(i, original);
        walk(root, original, check);
      }
    }
  }
}
