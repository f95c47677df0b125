package io.switchboard.app;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;

/**
 * This process's Vert.x: a plain one, or with {@code cluster.enabled} a member of the cluster, whose event bus
 * reaches every node's roles; {@code nodeId} is its cluster node id (null outside a cluster).
 */
record GatewayNode(Vertx vertx, String nodeId) {

  /** Starts Vert.x as the configuration says; joining a cluster fails with a {@link ConfigError} naming why. */
  static Future<GatewayNode> start(JsonObject config) {
    ClusterSettings cluster;
    VertxOptions options;
    try {
      cluster = ClusterSettings.from(config.getJsonObject("cluster", new JsonObject()));
      options = new VertxOptions().setEventLoopPoolSize(Roles.eventLoops(config)).setPreferNativeTransport(true);
    } catch (ConfigError e) {
      return Future.failedFuture(e);
    }
    if (!cluster.enabled()) {
      return Future.succeededFuture(new GatewayNode(Vertx.vertx(options), null));
    }
    AnnouncingClusterManager manager;
    try {
      manager = AnnouncingClusterManager.create(cluster);
    } catch (ConfigError e) {
      return Future.failedFuture(e);
    }
    return Vertx.builder().with(options.setEventBusOptions(cluster.eventBus())).withClusterManager(manager)
      .buildClustered()
      .map(vertx -> new GatewayNode(vertx, manager.getNodeId()))
      .recover(failure -> Future.failedFuture(new ConfigError("could not join the cluster (cluster.*): "
        + failure.getMessage())));
  }

  Future<Void> close() {
    return vertx.close();
  }
}
