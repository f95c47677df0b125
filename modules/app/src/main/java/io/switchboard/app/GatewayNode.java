package io.switchboard.app;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.core.spi.cluster.NodeInfo;
import java.util.List;

/**
 * This process's Vert.x: a plain one, or with {@code cluster.enabled} a member of the cluster, whose event bus
 * reaches every node's roles; {@code nodeId} is its cluster node id (null outside a cluster), {@code cluster} its
 * cluster manager (null outside a cluster).
 */
record GatewayNode(Vertx vertx, String nodeId, ClusterManager cluster) {
  /** The name a process outside a cluster goes by in the deployments API: it is the only node. */
  static final String LOCAL = "local";

  /** A process outside a cluster on this Vert.x. */
  static GatewayNode plain(Vertx vertx) {
    return new GatewayNode(vertx, null, null);
  }

  /** This node's name in the deployments API: its cluster node id, or {@link #LOCAL}. */
  String name() {
    return nodeId == null ? LOCAL : nodeId;
  }

  /** Every node of the cluster as its manager sees them now (this one alone outside a cluster). */
  List<String> members() {
    return cluster == null ? List.of(LOCAL) : cluster.getNodes();
  }

  /** Where other nodes reach this node's event bus ({@code host:port}), or {@link #LOCAL}. */
  String busAddress() {
    NodeInfo info = cluster == null ? null : cluster.getNodeInfo();
    return info == null ? LOCAL : info.host() + ":" + info.port();
  }

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
      return Future.succeededFuture(plain(Vertx.vertx(options)));
    }
    AnnouncingClusterManager manager;
    try {
      manager = AnnouncingClusterManager.create(cluster);
    } catch (ConfigError e) {
      return Future.failedFuture(e);
    }
    return Vertx.builder().with(options.setEventBusOptions(cluster.eventBus())).withClusterManager(manager)
      .buildClustered()
      .map(vertx -> new GatewayNode(vertx, manager.getNodeId(), manager))
      .recover(failure -> Future.failedFuture(new ConfigError("could not join the cluster (cluster.*): "
        + failure.getMessage())));
  }

  Future<Void> close() {
    return vertx.close();
  }
}
