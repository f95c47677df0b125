package io.switchboard.admin;

import io.switchboard.api.Addresses;
import io.switchboard.api.ClusterNodes;
import io.switchboard.api.DeploymentCommand;
import io.switchboard.api.NodeDeployments;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Nodes and deployments, cluster-wide (admin only): asks every node's deployment agent (the node list comes from
 * this node's cluster manager) and sends each change to the agent of the node it concerns; changes are audited.
 * Undeploying is refused when it would remove the last instance of a role or adapter kind that has traffic and runs
 * nowhere else in the cluster.
 */
final class DeploymentRoutes {
  private static final long STATUS_TIMEOUT_MS = 5_000;
  /** A change answers once its new instances run (a jar may take a while to load and start). */
  private static final long CHANGE_TIMEOUT_MS = 60_000;
  /** A deployment that took a call this recently has traffic, even with nothing in flight at this moment. */
  private static final long RECENT_TRAFFIC_MS = 5 * 60_000;
  private final Vertx vertx;
  private final AuditTrail audit;

  DeploymentRoutes(Vertx vertx, AuditTrail audit) {
    this.vertx = vertx;
    this.audit = audit;
  }

  void register(Map<String, AdminOperation> ops) {
    ops.put("listNodes", this::nodes);
    ops.put("listDeployments", this::list);
    ops.put("createDeployment", this::create);
    ops.put("scaleDeployment", this::scale);
    ops.put("redeployDeployment", this::redeploy);
    ops.put("deleteDeployment", this::delete);
  }

  /** One node's answer, or null when it did not answer in time. */
  private record Reached(String node, NodeDeployments status) {
  }

  private Future<Answer> nodes(Call call) {
    return everyNode().compose(cluster -> {
      JsonArray items = new JsonArray();
      long now = System.currentTimeMillis();
      for (Reached reached : cluster.reached()) {
        NodeDeployments s = reached.status();
        JsonObject node = new JsonObject().put("id", reached.node()).put("self", reached.node().equals(cluster.self()))
          .put("reachable", s != null);
        if (s != null) {
          JsonArray kinds = new JsonArray();
          s.deployments().stream().filter(d -> running(d) && d.kind() != null).map(NodeDeployments.Deployment::kind)
            .distinct().forEach(kinds::add);
          node.put("address", s.address()).put("roles", new JsonArray(s.roles())).put("kinds", kinds)
            .put("startedAt", Instant.ofEpochMilli(s.startedAt()).toString())
            .put("uptimeSeconds", (now - s.startedAt()) / 1000);
        }
        items.add(node);
      }
      return Answer.ok(new JsonObject().put("items", items));
    });
  }

  private Future<Answer> list(Call call) {
    return everyNode().compose(cluster -> {
      JsonArray items = new JsonArray();
      cluster.deployments().forEach(d -> items.add(view(d)));
      return Answer.ok(new JsonObject().put("items", items));
    });
  }

  private Future<Answer> create(Call call) {
    Fields body = call.body();
    String node = body.requiredName("node");
    DeploymentCommand command = new DeploymentCommand(DeploymentCommand.DEPLOY, null, body.requiredName("role"),
      body.name("kind", null), instances(body, 0), body.name("jar", null));
    return nodeList().compose(cluster -> {
      if (!cluster.nodes().contains(node)) {
        return Future.failedFuture(new AdminError(400, "node: unknown node '" + node + "' (known: "
          + String.join(", ", cluster.nodes()) + ")", "node", null));
      }
      return change(call, node, command, "deployment.create", null);
    });
  }

  private Future<Answer> scale(Call call) {
    String id = call.param("id");
    int instances = instances(call.body(), null);
    return existing(id).compose(before -> change(call, before.node(),
      new DeploymentCommand(DeploymentCommand.SCALE, id, null, null, instances, null), "deployment.scale", before));
  }

  private Future<Answer> redeploy(Call call) {
    String id = call.param("id");
    String jar = call.body().name("jar", null);
    return existing(id).compose(before -> change(call, before.node(),
      new DeploymentCommand(DeploymentCommand.REDEPLOY, id, null, null, 0, jar), "deployment.redeploy", before));
  }

  private Future<Answer> delete(Call call) {
    String id = call.param("id");
    return everyNode().compose(cluster -> {
      NodeDeployments.Deployment target = cluster.deployments().stream().filter(d -> d.id().equals(id)).findFirst()
        .orElseThrow(() -> AdminError.notFound("deployment " + id));
      boolean elsewhere = cluster.deployments().stream().anyMatch(d -> !d.id().equals(id) && running(d)
        && d.instances() > 0 && d.role().equals(target.role()) && Objects.equals(d.kind(), target.kind()));
      if (running(target) && !elsewhere && hasTraffic(target)) {
        String what = target.kind() == null ? target.role() : target.role() + "." + target.kind();
        return Future.failedFuture(AdminError.conflict("deployment " + id + " is the last instance of " + what
          + " with traffic and none runs anywhere else in the cluster: deploy another one first"));
      }
      return change(call, target.node(), new DeploymentCommand(DeploymentCommand.UNDEPLOY, id, null, null, 0, null),
        "deployment.delete", target);
    });
  }

  /** Sends a change to the node's agent, audits it with the deployment before and after, answers what it touched. */
  private Future<Answer> change(Call call, String node, DeploymentCommand command, String action,
                                NodeDeployments.Deployment before) {
    return ask(node, command, CHANGE_TIMEOUT_MS).compose(result -> {
      JsonArray items = new JsonArray();
      result.deployments().forEach(d -> items.add(view(d)));
      String target = result.deployments().isEmpty() ? command.id() : result.deployments().get(0).id();
      JsonObject after = items.isEmpty() ? null : items.getJsonObject(0).copy().put("command", command.toJson());
      return audit.ok(call, action, "deployment", target, before == null ? null : view(before), after)
        .compose(v -> Answer.ok(new JsonObject().put("items", items)));
    });
  }

  /** The cluster as the nodes answered: this node's id, each node with its status (null: no answer in time). */
  private record Cluster(String self, List<Reached> reached) {
    List<NodeDeployments.Deployment> deployments() {
      return reached.stream().filter(r -> r.status() != null).flatMap(r -> r.status().deployments().stream()).toList();
    }
  }

  private Future<Cluster> everyNode() {
    return nodeList().compose(cluster -> {
      List<Future<Reached>> asked = new ArrayList<>();
      for (String node : cluster.nodes()) {
        asked.add(ask(node, DeploymentCommand.status(), STATUS_TIMEOUT_MS).map(s -> new Reached(node, s))
          .otherwise(new Reached(node, null)));
      }
      return Future.all(asked).map(all -> new Cluster(cluster.self(),
        asked.stream().map(Future::result).toList()));
    });
  }

  private Future<ClusterNodes> nodeList() {
    return vertx.eventBus().<ClusterNodes>request(Addresses.CLUSTER_NODES, "nodes",
        new DeliveryOptions().setSendTimeout(STATUS_TIMEOUT_MS).setLocalOnly(true))
      .map(Message::body)
      .recover(failure -> Future.failedFuture(new AdminError(503, "this node's deployment agent did not answer",
        null, null)));
  }

  /** The deployment as its node reports it: its node is the id's first part. */
  private Future<NodeDeployments.Deployment> existing(String id) {
    int colon = id.indexOf(':');
    if (colon <= 0) {
      return Future.failedFuture(AdminError.notFound("deployment " + id));
    }
    String node = id.substring(0, colon);
    return nodeList().compose(cluster -> !cluster.nodes().contains(node)
        ? Future.failedFuture(AdminError.notFound("deployment " + id))
        : ask(node, DeploymentCommand.status(), STATUS_TIMEOUT_MS))
      .compose(status -> status.deployments().stream().filter(d -> d.id().equals(id)).findFirst()
        .map(Future::succeededFuture).orElseGet(() -> Future.failedFuture(AdminError.notFound("deployment " + id))));
  }

  private Future<NodeDeployments> ask(String node, DeploymentCommand command, long timeoutMs) {
    return vertx.eventBus().<NodeDeployments>request(Addresses.deploymentAgent(node), command,
        new DeliveryOptions().setSendTimeout(timeoutMs))
      .map(Message::body)
      .recover(failure -> Future.failedFuture(refusal(failure, node)));
  }

  /** The agent's refusal with its status; a 400 names its field (the agent writes "field: why"). */
  private static AdminError refusal(Throwable failure, String node) {
    if (failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.RECIPIENT_FAILURE
      && reply.failureCode() >= 400 && reply.failureCode() < 500) {
      String message = reply.getMessage();
      int colon = message == null ? -1 : message.indexOf(": ");
      String field = reply.failureCode() == 400 && colon > 0 && !message.substring(0, colon).contains(" ")
        ? message.substring(0, colon) : null;
      return new AdminError(reply.failureCode(), message, field, null);
    }
    return new AdminError(503, "node " + node + " did not answer in time", null, null);
  }

  /** {@code instances}, 1 to 64; when absent {@code fallback} (0: the agent's default, one instance), else required. */
  private static int instances(Fields body, Integer fallback) {
    if (!body.has("instances") && fallback != null) {
      return fallback;
    }
    Integer n = body.wholeInt("instances", null, 1);
    if (n == null) {
      throw AdminError.badField("instances", "is required");
    }
    if (n > 64) {
      throw AdminError.badField("instances", "must be at most 64");
    }
    return n;
  }

  /** Traffic: calls in flight, one taken lately, or a role that does not count its calls (it serves every request). */
  private static boolean hasTraffic(NodeDeployments.Deployment d) {
    return d.inFlight() != 0 || System.currentTimeMillis() - d.lastCallAt() < RECENT_TRAFFIC_MS;
  }

  private static boolean running(NodeDeployments.Deployment d) {
    return NodeDeployments.Deployment.RUNNING.equals(d.state());
  }

  static JsonObject view(NodeDeployments.Deployment d) {
    return new JsonObject().put("id", d.id()).put("node", d.node()).put("role", d.role()).put("kind", d.kind())
      .put("instances", d.instances()).put("version", d.version())
      .put("since", Instant.ofEpochMilli(d.since()).toString())
      .put("inFlight", d.inFlight() < 0 ? null : d.inFlight())
      .put("lastCallAt", d.lastCallAt() <= 0 ? null : Instant.ofEpochMilli(d.lastCallAt()).toString())
      .put("state", d.state());
  }
}
