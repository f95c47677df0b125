package io.switchboard.app;

import io.switchboard.api.InFlight;
import io.switchboard.api.NodeDeployments;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One deployment as the deployments API names it: a stable id for one role (or adapter kind) on this node, made of
 * one or more Vert.x deployments ({@link Part}s), because Vert.x deploys and undeploys instances only as a whole:
 * scaling up adds a part, scaling down drains whole parts, redeploy starts new parts before the old ones drain.
 * Changed by {@link Deployments} one operation at a time; read from any thread (the API, the metrics).
 */
final class Deployment {
  /** One Vert.x deployment of {@code instances} instances; once draining it takes no new calls and counts no more. */
  static final class Part {
    final String vertxId;
    final int instances;
    final RoleSpec spec;
    volatile boolean draining;

    Part(String vertxId, int instances, RoleSpec spec) {
      this.vertxId = vertxId;
      this.instances = instances;
      this.spec = spec;
    }
  }

  final String id;
  final String role;
  final String kind;
  final List<Part> parts = new CopyOnWriteArrayList<>();
  volatile RoleSpec spec;
  volatile long since;
  volatile String state = NodeDeployments.Deployment.RUNNING;
  /** The instances it should have (what scale last asked for); 0 once undeployed. */
  volatile int wanted;
  /** Completes once it has stopped: every instance drained and gone. */
  final Promise<Void> ended = Promise.promise();

  Deployment(String id, RoleSpec spec, long since) {
    this.id = id;
    this.role = spec.role();
    this.kind = spec.kind();
    this.spec = spec;
    this.since = since;
  }

  /** The instances taking calls: every part that is not draining. */
  int instances() {
    return parts.stream().filter(p -> !p.draining).mapToInt(p -> p.instances).sum();
  }

  List<Part> live() {
    return parts.stream().filter(p -> !p.draining).toList();
  }

  /** What its instances have in flight (draining ones too) and when one last took a call; null: they do not count. */
  InFlight.Load load(Vertx vertx) {
    int open = 0;
    long last = 0;
    boolean counted = false;
    for (Part part : parts) {
      InFlight.Load load = InFlight.load(vertx, part.vertxId);
      if (load != null) {
        counted = true;
        open += load.open();
        last = Math.max(last, load.lastOpenedAt());
      }
    }
    return counted ? new InFlight.Load(open, last) : null;
  }

  NodeDeployments.Deployment view(Vertx vertx, String node) {
    InFlight.Load load = load(vertx);
    return new NodeDeployments.Deployment(id, node, role, kind, instances(), spec.version(), since,
      load == null ? -1 : load.open(), load == null ? 0 : load.lastOpenedAt(), state);
  }
}
