package io.switchboard.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** The nodes of the cluster as this node's cluster manager sees them ({@code self} among them); one outside a cluster. */
public record ClusterNodes(String self, List<String> nodes) {

  public ClusterNodes {
    nodes = List.copyOf(nodes);
  }

  public JsonObject toJson() {
    return new JsonObject().put("self", self).put("nodes", new JsonArray(nodes));
  }

  public static ClusterNodes fromJson(JsonObject json) {
    List<String> nodes = new ArrayList<>();
    json.getJsonArray("nodes").forEach(n -> nodes.add((String) n));
    return new ClusterNodes(json.getString("self"), nodes);
  }
}
