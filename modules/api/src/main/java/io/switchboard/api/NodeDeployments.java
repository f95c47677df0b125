package io.switchboard.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * One node as its deployment agent describes it: its cluster node id, the address other nodes reach its event bus
 * at ({@code local} outside a cluster), the roles it runs now, when it started (epoch ms) and its deployments.
 */
public record NodeDeployments(String node, String address, List<String> roles, long startedAt,
                              List<Deployment> deployments) {

  /**
   * One deployment: a stable id across the cluster ({@code <node>:<role>:<n>}), its role ({@code providers} for an
   * adapter, with its {@code kind}), its live instances, {@code version} ({@code built-in} or the jar's), since when
   * it runs this version (epoch ms), the calls and streams it serves now ({@code inFlight}; -1 for a role that does
   * not count them), when it last took one (epoch ms, 0 never or unknown) and its {@code state}: {@code running},
   * {@code draining} or {@code stopped}.
   */
  public record Deployment(String id, String node, String role, String kind, int instances, String version,
                           long since, int inFlight, long lastCallAt, String state) {
    public static final String RUNNING = "running";
    public static final String DRAINING = "draining";
    public static final String STOPPED = "stopped";

    JsonObject toJson() {
      return new JsonObject().put("id", id).put("node", node).put("role", role).put("kind", kind)
        .put("instances", instances).put("version", version).put("since", since).put("inFlight", inFlight)
        .put("lastCallAt", lastCallAt).put("state", state);
    }

    static Deployment fromJson(JsonObject json) {
      return new Deployment(json.getString("id"), json.getString("node"), json.getString("role"),
        json.getString("kind"), json.getInteger("instances"), json.getString("version"), json.getLong("since"),
        json.getInteger("inFlight"), json.getLong("lastCallAt"), json.getString("state"));
    }
  }

  public NodeDeployments {
    roles = List.copyOf(roles);
    deployments = List.copyOf(deployments);
  }

  public JsonObject toJson() {
    JsonArray list = new JsonArray();
    deployments.forEach(d -> list.add(d.toJson()));
    return new JsonObject().put("node", node).put("address", address).put("roles", new JsonArray(roles))
      .put("startedAt", startedAt).put("deployments", list);
  }

  public static NodeDeployments fromJson(JsonObject json) {
    List<Deployment> list = new ArrayList<>();
    json.getJsonArray("deployments").forEach(d -> list.add(Deployment.fromJson((JsonObject) d)));
    List<String> roles = new ArrayList<>();
    json.getJsonArray("roles").forEach(r -> roles.add((String) r));
    return new NodeDeployments(json.getString("node"), json.getString("address"), roles, json.getLong("startedAt"),
      list);
  }
}
