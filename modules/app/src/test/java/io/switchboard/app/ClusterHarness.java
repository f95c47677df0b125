package io.switchboard.app;

import io.switchboard.testkit.MockUpstream;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Gateways on clustered Vert.x instances in this JVM, joined over Hazelcast on loopback only (TCP-IP, a cluster name
 * of their own, fast failure detection), sharing the test storage and one mock upstream. Each node is reached through
 * a {@link GatewayHarness} of its own (whose Vert.x is that node's, so what it publishes reaches the cluster).
 */
final class ClusterHarness {
  /** One running node: its Vert.x, its gateway, a client for its ingress and its admin port. */
  record Node(GatewayNode node, Gateway gateway, GatewayHarness http, int adminPort) {
    AdminClient admin() {
      return new AdminClient(node.vertx(), adminPort);
    }

    Future<Void> stop() {
      return http.client.close().compose(v -> gateway.stop()).eventually(node::close);
    }
  }

  /** The test's own Vert.x: the mock upstream and any further mocks a test starts. */
  final Vertx vertx;
  final MockUpstream mock;
  final List<Node> nodes = new ArrayList<>();

  private ClusterHarness(Vertx vertx, MockUpstream mock) {
    this.vertx = vertx;
    this.mock = mock;
  }

  /**
   * Starts one node per {@code perNode} section (each merged over {@code common}, as --config files would be), one
   * after the other, each joining the ones before. Blocking: call from a test thread.
   */
  static ClusterHarness start(JsonObject common, JsonObject... perNode) {
    return start(null, common, perNode);
  }

  /** {@link #start(JsonObject, JsonObject...)} with every node traced by {@code tracing} (none when null). */
  static ClusterHarness start(Tracing tracing, JsonObject common, JsonObject... perNode) {
    Vertx vertx = Vertx.vertx();
    ClusterHarness cluster = new ClusterHarness(vertx, MockUpstream.start(vertx).await());
    String name = "sb-test-" + UUID.randomUUID();
    List<Integer> hazelcastPorts = new ArrayList<>();
    JsonArray members = new JsonArray();
    for (int i = 0; i < perNode.length; i++) {
      int port = GatewayHarness.freePort();
      hazelcastPorts.add(port);
      members.add("127.0.0.1:" + port);
    }
    try {
      for (int i = 0; i < perNode.length; i++) {
        int httpPort = GatewayHarness.freePort();
        int adminPort = GatewayHarness.freePort();
        JsonObject overrides = common.copy().mergeIn(perNode[i].copy(), true)
          .mergeIn(new JsonObject().put("cluster", section(name, hazelcastPorts.get(i), members))
            .put("admin", AdminClient.section(adminPort)), true);
        JsonObject config = GatewayHarness.config(cluster.mock.baseUrl(), httpPort, overrides);
        GatewayNode node = (tracing == null ? GatewayNode.start(config) : GatewayNode.start(config, tracing)).await();
        Gateway gateway;
        try {
          gateway = Gateway.start(node, config).await();
        } catch (RuntimeException e) {
          node.close().await();
          throw e;
        }
        cluster.nodes.add(new Node(node, gateway, new GatewayHarness(node.vertx(), cluster.mock, gateway, httpPort),
          adminPort));
      }
    } catch (RuntimeException e) {
      cluster.stop();
      throw e;
    }
    return cluster;
  }

  /** A cluster section joining the members on loopback, noticing a silent node within seconds. */
  static JsonObject section(String name, int hazelcastPort, JsonArray members) {
    return new JsonObject().put("enabled", true).put("host", "127.0.0.1").put("port", 0)
      .put("hazelcast", new JsonObject().put("clusterName", name).put("port", hazelcastPort)
        .put("members", members).put("maxNoHeartbeatSeconds", 4));
  }

  Node node(int i) {
    return nodes.get(i);
  }

  /** Stops every node, last started first, then the mock and the test's Vert.x. Blocking. */
  void stop() {
    for (int i = nodes.size() - 1; i >= 0; i--) {
      nodes.get(i).stop().await();
    }
    nodes.clear();
    mock.close().await();
    vertx.close().await();
  }
}
