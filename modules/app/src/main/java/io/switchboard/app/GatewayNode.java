package io.switchboard.app;

import io.switchboard.api.GatewayMetrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.VertxBuilder;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.util.EnumSet;

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
      return Future.succeededFuture(new GatewayNode(builder(options).build(), null));
    }
    AnnouncingClusterManager manager;
    try {
      manager = AnnouncingClusterManager.create(cluster);
    } catch (ConfigError e) {
      return Future.failedFuture(e);
    }
    return builder(options.setEventBusOptions(cluster.eventBus())).withClusterManager(manager)
      .buildClustered()
      .map(vertx -> new GatewayNode(vertx, manager.getNodeId()))
      .recover(failure -> Future.failedFuture(new ConfigError("could not join the cluster (cluster.*): "
        + failure.getMessage())));
  }

  /**
   * A Vert.x builder whose own meters (HTTP server and clients, event bus, worker pools, the SQL and Redis clients,
   * event loops through Netty, the JVM) go to {@link GatewayMetrics#registry()}, scraped at {@code /metrics}. Labels
   * stay bounded: routes as declared (never raw paths), no event-bus addresses (each stream has its own), no remote
   * addresses.
   */
  static VertxBuilder builder(VertxOptions options) {
    MicrometerMetricsOptions metrics = new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(true)
      .setNettyMetricsEnabled(true)
      .setLabels(EnumSet.of(Label.HTTP_ROUTE, Label.HTTP_METHOD, Label.HTTP_CODE, Label.POOL_TYPE, Label.POOL_NAME,
        Label.NAMESPACE, Label.EB_SIDE, Label.EB_FAILURE));
    return Vertx.builder().with(options.setMetricsOptions(metrics))
      .withMetrics(new MicrometerMetricsFactory(GatewayMetrics.registry()));
  }

  Future<Void> close() {
    return vertx.close();
  }
}
