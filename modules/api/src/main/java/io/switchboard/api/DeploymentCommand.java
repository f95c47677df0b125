package io.switchboard.api;

import io.vertx.core.json.JsonObject;

/**
 * What the admin API asks one node's deployment agent ({@link Addresses#deploymentAgent}): {@code op} is one of
 * {@link #STATUS}, {@link #DEPLOY}, {@link #SCALE}, {@link #REDEPLOY}, {@link #UNDEPLOY}. {@code id} names an existing
 * deployment; {@code role}, {@code kind} and {@code jar} a new one; {@code instances} is 0 where not given. The agent
 * answers a {@link NodeDeployments} holding the deployments the command touched (all of them for {@code status}), or
 * fails with a 4xx code and a message naming why.
 */
public record DeploymentCommand(String op, String id, String role, String kind, int instances, String jar) {
  public static final String STATUS = "status";
  public static final String DEPLOY = "deploy";
  public static final String SCALE = "scale";
  public static final String REDEPLOY = "redeploy";
  public static final String UNDEPLOY = "undeploy";

  public static DeploymentCommand status() {
    return new DeploymentCommand(STATUS, null, null, null, 0, null);
  }

  public JsonObject toJson() {
    return new JsonObject().put("op", op).put("id", id).put("role", role).put("kind", kind)
      .put("instances", instances).put("jar", jar);
  }

  public static DeploymentCommand fromJson(JsonObject json) {
    return new DeploymentCommand(json.getString("op"), json.getString("id"), json.getString("role"),
      json.getString("kind"), json.getInteger("instances", 0), json.getString("jar"));
  }
}
