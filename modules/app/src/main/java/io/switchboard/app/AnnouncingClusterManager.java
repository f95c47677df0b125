package io.switchboard.app;

import com.hazelcast.config.Config;
import com.hazelcast.config.NetworkConfig;
import io.switchboard.api.Addresses;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.spi.cluster.NodeListener;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.io.File;
import java.io.FileNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Hazelcast cluster manager, which also tells this node's roles when another node leaves: Vert.x keeps its own
 * listener, and {@link Addresses#NODE_LEFT} is published on this node, so an ingress ends the calls and streams that
 * node was serving at once instead of waiting for their timeouts.
 */
final class AnnouncingClusterManager extends HazelcastClusterManager {
  private static final Logger LOG = LoggerFactory.getLogger(AnnouncingClusterManager.class);
  private volatile Vertx vertx;
  private volatile NodeListener vertxOwn;

  private AnnouncingClusterManager(Config config) {
    super(config);
  }

  /** Members found by TCP-IP join as the settings say (multicast off), or as the complete file given says. */
  static AnnouncingClusterManager create(ClusterSettings settings) {
    Config config;
    if (!settings.hazelcastConfig().isBlank()) {
      try {
        config = Config.loadFromFile(new File(settings.hazelcastConfig())); // XML or YAML, by its extension
      } catch (FileNotFoundException | RuntimeException e) {
        throw new ConfigError("cluster.hazelcast.config: cannot read " + settings.hazelcastConfig() + ": "
          + e.getMessage());
      }
    } else {
      config = ConfigUtil.loadConfig() // Vert.x's own maps and multimaps, as its default cluster.xml declares them
        .setClusterName(settings.clusterName());
      NetworkConfig network = config.getNetworkConfig().setPort(settings.hazelcastPort()).setPortAutoIncrement(true);
      network.getJoin().getMulticastConfig().setEnabled(false);
      network.getJoin().getAutoDetectionConfig().setEnabled(false);
      network.getJoin().getTcpIpConfig().setEnabled(true).setMembers(settings.members());
      if (!settings.host().equals("0.0.0.0")) {
        network.getInterfaces().setEnabled(true).addInterface(settings.host()); // and nothing else
        config.setProperty("hazelcast.socket.bind.any", "false");
      }
      if (!settings.publicHost().isBlank()) {
        network.setPublicAddress(settings.publicHost());
      }
      config.setProperty("hazelcast.heartbeat.interval.seconds", "1")
        .setProperty("hazelcast.max.no.heartbeat.seconds", Integer.toString(settings.maxNoHeartbeatSeconds()))
        .setProperty("hazelcast.wait.seconds.before.join", "1")
        // two nodes started at the same moment may each found a cluster: they merge soon, not after 5 minutes
        .setProperty("hazelcast.merge.first.run.delay.seconds", "10")
        .setProperty("hazelcast.merge.next.run.delay.seconds", "10");
    }
    // Switchboard's own shutdown drains streams first, then leaves; nothing is reported to hazelcast.com
    config.setProperty("hazelcast.shutdownhook.enabled", "false")
      .setProperty("hazelcast.phone.home.enabled", "false")
      .setProperty("hazelcast.logging.type", "slf4j");
    return new AnnouncingClusterManager(config);
  }

  /** Joins and leaves are this class's to hear first: Vert.x installs no listener of its own unless HA is on. */
  @Override
  public void init(Vertx vertx) {
    super.init(vertx);
    this.vertx = vertx;
    super.nodeListener(new NodeListener() {
      @Override
      public void nodeAdded(String nodeId) {
        LOG.info("node {} joined the cluster", nodeId);
        NodeListener own = vertxOwn;
        if (own != null) {
          own.nodeAdded(nodeId);
        }
      }

      @Override
      public void nodeLeft(String nodeId) {
        LOG.warn("node {} left the cluster", nodeId);
        NodeListener own = vertxOwn;
        if (own != null) {
          own.nodeLeft(nodeId);
        }
        vertx.eventBus().publish(Addresses.NODE_LEFT, nodeId, new DeliveryOptions().setLocalOnly(true));
      }
    });
  }

  /** Vert.x's own listener (with HA on) is told of every join and departure too. */
  @Override
  public void nodeListener(NodeListener listener) {
    vertxOwn = listener;
  }
}
