package io.switchboard.app;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;

/**
 * This process's Vert.x: a plain one, or with {@code cluster.enabled} a member of the cluster, whose event bus
 * reaches every node's roles; {@code nodeId} is its cluster node id (null outside a cluster); {@code tracing} its
 * tracing (null when off).
 */
record GatewayNode(Vertx vertx, String nodeId, Tracing tracing) {

  GatewayNode(Vertx vertx, String nodeId) {
    this(vertx, nodeId, null);
  }

  /** Starts Vert.x as the configuration says; joining a cluster fails with a {@link ConfigError} naming why. */
  static Future<GatewayNode> start(JsonObject config) {
    Tracing tracing;
    try {
      tracing = Tracing.from(config.getJsonObject("tracing", new JsonObject()));
    } catch (ConfigError e) {
      return Future.failedFuture(e);
    }
    return start(config, tracing);
  }

  /** Starts Vert.x as the configuration says, traced by {@code tracing} unless it is null. */
  static Future<GatewayNode> start(JsonObject config, Tracing tracing) {
    ClusterSettings cluster;
    VertxOptions options;
    try {
      cluster = ClusterSettings.from(config.getJsonObject("cluster", new JsonObject()));
      options = new VertxOptions().setEventLoopPoolSize(Roles.eventLoops(config)).setPreferNativeTransport(true);
    } catch (ConfigError e) {
      return Future.failedFuture(e);
    }
    if (!cluster.enabled()) {
      return Future.succeededFuture(new GatewayNode(builder(options, tracing).build(), null, tracing));
    }
    AnnouncingClusterManager manager;
    try {
      manager = AnnouncingClusterManager.create(cluster);
    } catch (ConfigError e) {
      return Future.failedFuture(e);
    }
    return builder(options.setEventBusOptions(cluster.eventBus()), tracing).withClusterManager(manager)
      .buildClustered()
      .map(vertx -> new GatewayNode(vertx, manager.getNodeId(), tracing))
      .recover(failure -> Future.failedFuture(new ConfigError("could not join the cluster (cluster.*): "
        + failure.getMessage())));
  }

  private static VertxBuilder builder(VertxOptions options, Tracing tracing) {
    VertxBuilder builder = Vertx.builder().with(options);
    return tracing == null ? builder : tracing.applyTo(builder);
  }

  /** Closes Vert.x, then exports the spans tracing still holds. */
  Future<Void> close() {
    return tracing == null ? vertx.close() : vertx.close().eventually(tracing::close);
  }
}
