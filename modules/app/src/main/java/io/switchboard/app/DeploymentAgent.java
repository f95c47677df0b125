package io.switchboard.app;

import io.switchboard.api.Addresses;
import io.switchboard.api.ClusterNodes;
import io.switchboard.api.DeploymentCommand;
import io.switchboard.api.NodeDeployments;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * This node's end of the deployments API: answers {@link DeploymentCommand}s on its own address
 * ({@link Addresses#deploymentAgent}) by changing its {@link Deployments}, and tells the admin role on this node which
 * nodes the cluster has ({@link Addresses#CLUSTER_NODES}). Refusals fail the request with a 4xx code naming why:
 * 400 a bad role, kind, count or jar, 404 no such deployment here, 409 one that is stopped or draining, 422 a
 * deployment whose verticle did not start (nothing running changed).
 */
final class DeploymentAgent {
  private final GatewayNode node;
  private final Roles roles;
  private final Deployments deployments;
  private final DeploymentMetrics metrics;
  private final long startedAt = System.currentTimeMillis();
  private List<MessageConsumer<?>> consumers = List.of();

  DeploymentAgent(GatewayNode node, Roles roles) {
    this.node = node;
    this.roles = roles;
    this.deployments = roles.deployments();
    this.metrics = new DeploymentMetrics(node.vertx(), deployments);
  }

  Future<Void> start() {
    consumers = List.of(
      node.vertx().eventBus().<DeploymentCommand>consumer(Addresses.deploymentAgent(node.name()), this::command),
      node.vertx().eventBus().localConsumer(Addresses.CLUSTER_NODES,
        message -> message.reply(new ClusterNodes(node.name(), node.members()))));
    return Future.join(consumers.stream().map(MessageConsumer::completion).toList()).mapEmpty();
  }

  /** Deploys the roles this node runs at start ({@link Roles#deployAll}) and shows them in the metrics. */
  Future<Void> deployConfiguredRoles() {
    return roles.deployAll().onSuccess(v -> deployments.all().forEach(metrics::track));
  }

  Future<Void> stop() {
    metrics.close();
    return Future.join(consumers.stream().map(MessageConsumer::unregister).toList()).mapEmpty();
  }

  private void command(Message<DeploymentCommand> message) {
    DeploymentCommand command = message.body();
    Future<List<Deployment>> done;
    try {
      done = switch (command.op()) {
        case DeploymentCommand.STATUS -> Future.succeededFuture(deployments.all());
        case DeploymentCommand.DEPLOY -> deploy(command);
        case DeploymentCommand.SCALE -> changeable(command.id())
          .compose(d -> deployments.scale(d, count(command.instances()))).map(List::of);
        case DeploymentCommand.REDEPLOY -> changeable(command.id())
          .compose(d -> spec(d.role, d.kind, command.jar() != null ? command.jar()
            : d.spec.jar() != null ? d.spec.jar().path().toString() : null) // the same jar again, new class loader
            .compose(spec -> deployments.redeploy(d, spec)))
          .map(List::of);
        case DeploymentCommand.UNDEPLOY -> changeable(command.id()).compose(deployments::undeploy)
          .onSuccess(roles::undeployed).map(List::of);
        default -> Future.failedFuture(new Refusal(400, "unknown operation '" + command.op() + "'"));
      };
    } catch (Refusal refusal) {
      done = Future.failedFuture(refusal);
    }
    done.onSuccess(touched -> {
      touched.forEach(metrics::track);
      message.reply(describe(touched));
    }).onFailure(failure -> {
      if (failure instanceof Refusal refusal) {
        message.fail(refusal.status, refusal.getMessage());
      } else if (failure instanceof IllegalStateException raced) {
        message.fail(409, raced.getMessage()); // undeployed by a change asked just before this one
      } else {
        message.fail(422, failure.getMessage());
      }
    });
  }

  private Future<List<Deployment>> deploy(DeploymentCommand command) {
    String role = command.role();
    if (role == null || role.isBlank()) {
      throw new Refusal(400, "role: name the role to deploy (known: " + String.join(", ", Placement.ROLES) + ")");
    }
    if (!"providers".equals(role) && command.kind() != null) {
      throw new Refusal(400, "kind: only the providers role has kinds");
    }
    int instances = command.instances() == 0 ? 1 : count(command.instances());
    return spec(role, command.kind(), command.jar()).compose(spec -> roles.deploy(spec, instances))
      .onSuccess(roles::deployed).map(List::of);
  }

  /**
   * The spec of a role or adapter kind, or of the adapter in a jar when one is named (opened off the event loop, in a
   * class loader of its own); bad names and jars that do not load are 400s, and nothing running changes.
   */
  private Future<RoleSpec> spec(String role, String kind, String jar) {
    if (jar == null) {
      try {
        return Future.succeededFuture(roles.spec(role, kind));
      } catch (IllegalArgumentException e) {
        throw new Refusal(400, ("providers".equals(role) ? "kind: " : "role: ") + e.getMessage());
      }
    }
    if (!"providers".equals(role)) {
      throw new Refusal(400, "jar: only an adapter (role providers) comes from a jar");
    }
    return node.vertx().executeBlocking(() -> roles.jarSpec(jar), false)
      .recover(failure -> Future.failedFuture(new Refusal(400, "jar: " + failure.getMessage())))
      .compose(spec -> {
        if (kind != null && !kind.equals(spec.kind())) {
          spec.jar().close();
          return Future.failedFuture(new Refusal(400, "jar: " + spec.jar() + " serves provider '" + spec.kind()
            + "', not '" + kind + "'"));
        }
        return Future.succeededFuture(spec);
      });
  }

  private static int count(int instances) {
    if (instances < 1 || instances > 64) {
      throw new Refusal(400, "instances: must be between 1 and 64");
    }
    return instances;
  }

  private Future<Deployment> changeable(String id) {
    Deployment d = id == null ? null : deployments.find(id);
    if (d == null) {
      return Future.failedFuture(new Refusal(404, "deployment " + id + " not found on node " + node.name()));
    }
    if (!NodeDeployments.Deployment.RUNNING.equals(d.state)) {
      return Future.failedFuture(new Refusal(409, "deployment " + id + " is " + d.state));
    }
    return Future.succeededFuture(d);
  }

  private NodeDeployments describe(List<Deployment> touched) {
    Set<String> running = new LinkedHashSet<>();
    for (Deployment d : deployments.all()) {
      if (!NodeDeployments.Deployment.STOPPED.equals(d.state)) {
        running.add(d.role);
      }
    }
    return new NodeDeployments(node.name(), node.busAddress(), List.copyOf(running), startedAt,
      touched.stream().map(d -> d.view(node.vertx(), node.name())).toList());
  }

  /** A command refused with a 4xx status and why. */
  private static final class Refusal extends RuntimeException {
    final int status;

    Refusal(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }
  }
}
