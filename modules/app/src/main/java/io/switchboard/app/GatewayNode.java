package io.switchboard.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.api.GatewayMetrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.core.spi.cluster.NodeInfo;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.util.EnumSet;
import java.util.List;

/**
 * This process's Vert.x: a plain one, or with {@code cluster.enabled} a member of the cluster, whose event bus
 * reaches every node's roles; {@code nodeId} is its cluster node id (null outside a cluster), {@code cluster} its
 * cluster manager (null outside a cluster), {@code tracing} its tracing (null when off).
 */
record GatewayNode(Vertx vertx, String nodeId, ClusterManager cluster, Tracing tracing) {
  /** The name a process outside a cluster goes by in the deployments API: it is the only node. */
  static final String LOCAL = "local";

  /** A process outside a cluster on this Vert.x. */
  static GatewayNode plain(Vertx vertx) {
    return new GatewayNode(vertx, null, null, null);
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
      return Future.succeededFuture(new GatewayNode(builder(options, tracing).build(), null, null, tracing));
    }
    AnnouncingClusterManager manager;
    try {
      manager = AnnouncingClusterManager.create(cluster);
    } catch (ConfigError e) {
      return Future.failedFuture(e);
    }
    return builder(options.setEventBusOptions(cluster.eventBus()), tracing).withClusterManager(manager)
      .buildClustered()
      .map(vertx -> new GatewayNode(vertx, manager.getNodeId(), manager, tracing))
      .recover(failure -> Future.failedFuture(new ConfigError("could not join the cluster (cluster.*): "
        + failure.getMessage())));
  }

  /**
   * A Vert.x builder whose own meters (HTTP server and clients, event bus, worker pools, the SQL and Redis clients,
   * event loops through Netty, the JVM) go to {@link GatewayMetrics#prometheus()}, scraped at {@code /metrics}.
   * Labels stay bounded: routes as declared (never raw paths), no event-bus addresses (each stream has its own), no
   * remote addresses. With {@code tracing} set, a tracer too.
   */
  static VertxBuilder builder(VertxOptions options, Tracing tracing) {
    VertxBuilder builder = builder(options, GatewayMetrics.prometheus(),
      MicrometerMetricsOptions.DEFAULT_REGISTRY_NAME);
    return tracing == null ? builder : tracing.applyTo(builder);
  }

  /**
   * A Vert.x builder whose own meters go to {@code registry}, known to Vert.x' Micrometer metrics as
   * {@code registryName} (never the gateway's: each name holds one registry while a Vert.x uses it).
   */
  static VertxBuilder builder(VertxOptions options, MeterRegistry registry, String registryName) {
    return Vertx.builder().with(options.setMetricsOptions(metricsOptions().setRegistryName(registryName)))
      .withMetrics(new VertxMeters(registry));
  }

  /** Which of Vert.x' meters exist and with which labels. */
  static MicrometerMetricsOptions metricsOptions() {
    return new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(true).setNettyMetricsEnabled(true)
      .setLabels(EnumSet.of(Label.HTTP_ROUTE, Label.HTTP_METHOD, Label.HTTP_CODE, Label.POOL_TYPE, Label.POOL_NAME,
        Label.NAMESPACE, Label.EB_SIDE, Label.EB_FAILURE))
      .addDisabledMetricsCategory(MetricsDomain.EVENT_BUS); // kept by EventBusMeters instead
  }

  /** Closes Vert.x, then exports the spans tracing still holds. */
  Future<Void> close() {
    return tracing == null ? vertx.close() : vertx.close().eventually(tracing::close);
  }
}
