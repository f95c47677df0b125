package io.switchboard.app;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.api.GatewayMetrics;
import io.switchboard.api.InFlight;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This node's deployments in the metrics: {@code sb_deployment_instances{node,role,kind}} (the live instances of
 * every deployment of that role or adapter kind here) and {@code sb_deployment_in_flight{deployment,node,role,kind}}
 * (what each deployment serves now; only roles that count it). Gauges come as deployments appear and go with them.
 */
final class DeploymentMetrics {
  private final Vertx vertx;
  private final Deployments deployments;
  private final MeterRegistry registry = GatewayMetrics.registry();
  private final Map<String, Meter> meters = new ConcurrentHashMap<>();

  DeploymentMetrics(Vertx vertx, Deployments deployments) {
    this.vertx = vertx;
    this.deployments = deployments;
  }

  /** Makes sure the gauges of this deployment (and its role) exist. */
  void track(Deployment d) {
    String kind = d.kind == null ? "" : d.kind;
    meters.computeIfAbsent("instances|" + d.role + "|" + kind, key -> Gauge.builder("sb.deployment.instances",
        deployments, all -> instances(all.all(), d.role, d.kind))
      .description("live instances of a role (or adapter kind) on a node")
      .tags("node", deployments.node(), "role", d.role, "kind", kind).strongReference(true).register(registry));
    if (d.load(vertx) == null || meters.containsKey(d.id)) {
      return;
    }
    meters.put(d.id, Gauge.builder("sb.deployment.in.flight", d, one -> {
        InFlight.Load load = one.load(vertx);
        return load == null ? 0 : load.open();
      })
      .description("calls and streams a deployment serves now")
      .tags("deployment", d.id, "node", deployments.node(), "role", d.role, "kind", kind).strongReference(true)
      .register(registry));
    d.ended.future().onComplete(stopped -> {
      Meter gone = meters.remove(d.id);
      if (gone != null) {
        registry.remove(gone);
      }
    });
  }

  /** Every gauge of this node goes (the node stops). */
  void close() {
    meters.values().forEach(registry::remove);
    meters.clear();
  }

  private static double instances(List<Deployment> all, String role, String kind) {
    return all.stream().filter(d -> d.role.equals(role) && java.util.Objects.equals(d.kind, kind))
      .mapToInt(Deployment::instances).sum();
  }
}
