package io.switchboard.app;

import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PfxOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code cluster} section, validated once; a bad value is named by its key. {@code host}/{@code port} are where
 * this node's event bus listens, {@code publicHost}/{@code publicPort} what the other nodes dial; the Hazelcast keys
 * say how nodes find each other (or {@code hazelcastConfig} names a complete Hazelcast file).
 */
record ClusterSettings(boolean enabled, String host, int port, String publicHost, int publicPort, BusTls tls,
                       String clusterName, int hazelcastPort, List<String> members, int maxNoHeartbeatSeconds,
                       String hazelcastConfig) {

  /** Key and trust stores (PKCS#12) of the event bus between nodes; TLS is on when both are given. */
  record BusTls(String keyStore, String keyStorePassword, String trustStore, String trustStorePassword) {
    boolean on() {
      return !keyStore.isBlank() || !trustStore.isBlank();
    }

    @Override
    public String toString() {
      return "BusTls[keyStore=" + keyStore + ", trustStore=" + trustStore + "]"; // no passwords
    }
  }

  static ClusterSettings from(JsonObject cluster) {
    JsonObject hz = cluster.getJsonObject("hazelcast", new JsonObject());
    JsonObject tls = cluster.getJsonObject("eventBusTls", new JsonObject());
    ClusterSettings s = new ClusterSettings(cluster.getBoolean("enabled", false), cluster.getString("host", ""),
      cluster.getInteger("port", 0), cluster.getString("publicHost", ""), cluster.getInteger("publicPort", 0),
      new BusTls(tls.getString("keyStore", ""), tls.getString("keyStorePassword", ""), tls.getString("trustStore", ""),
        tls.getString("trustStorePassword", "")),
      hz.getString("clusterName", "switchboard"), hz.getInteger("port", 5701), members(hz.getValue("members")),
      hz.getInteger("maxNoHeartbeatSeconds", 10), hz.getString("config", ""));
    if (!s.enabled) {
      return s;
    }
    port("cluster.port", s.port, 0);
    port("cluster.publicPort", s.publicPort, 0);
    port("cluster.hazelcast.port", s.hazelcastPort, 1);
    if (s.host.isBlank()) {
      throw new ConfigError("cluster.host: the address this node's event bus listens on must be set");
    }
    if (s.hazelcastConfig.isBlank()) {
      if (s.clusterName.isBlank()) {
        throw new ConfigError("cluster.hazelcast.clusterName must not be empty");
      }
      if (s.members.isEmpty()) {
        throw new ConfigError("cluster.hazelcast.members: list at least one node to join (this one's own address will do"
          + " for the first)");
      }
      if (s.maxNoHeartbeatSeconds < 2) {
        throw new ConfigError("cluster.hazelcast.maxNoHeartbeatSeconds must be at least 2");
      }
    } else if (!Files.isRegularFile(Path.of(s.hazelcastConfig))) {
      throw new ConfigError("cluster.hazelcast.config: no such file: " + s.hazelcastConfig);
    }
    BusTls t = s.tls;
    if (t.on() && (t.keyStore.isBlank() || t.trustStore.isBlank())) {
      throw new ConfigError("cluster.eventBusTls: set both keyStore and trustStore (every node proves its own key and"
        + " checks the other's)");
    }
    if (t.on()) {
      readable("cluster.eventBusTls.keyStore", t.keyStore, t.keyStorePassword);
      readable("cluster.eventBusTls.trustStore", t.trustStore, t.trustStorePassword);
    }
    return s;
  }

  /** Opens a PKCS#12 store now: a wrong path or password is told in one line, not as a bus that never starts. */
  private static void readable(String key, String path, String password) {
    try (InputStream in = Files.newInputStream(Path.of(path))) {
      KeyStore.getInstance("PKCS12").load(in, password.toCharArray());
    } catch (IOException | GeneralSecurityException e) {
      throw new ConfigError(key + ": cannot open " + path + " as PKCS#12 with the password given: " + e.getMessage());
    }
  }

  /** The event bus between nodes: where it listens, what others dial, and TLS with mutual authentication if set. */
  EventBusOptions eventBus() {
    EventBusOptions options = new EventBusOptions().setHost(host).setPort(port);
    if (!publicHost.isBlank()) {
      options.setClusterPublicHost(publicHost);
    }
    if (publicPort > 0) {
      options.setClusterPublicPort(publicPort);
    }
    if (tls.on()) {
      // PKCS#12 as PfxOptions: the event bus hands its options to its server and client as JSON, which keeps these
      options.setSsl(true).setClientAuth(ClientAuth.REQUIRED)
        .setKeyCertOptions(new PfxOptions().setPath(tls.keyStore).setPassword(tls.keyStorePassword))
        .setTrustOptions(new PfxOptions().setPath(tls.trustStore).setPassword(tls.trustStorePassword));
    }
    return options;
  }

  private static List<String> members(Object value) {
    List<String> out = new ArrayList<>();
    if (value instanceof JsonArray list) {
      list.forEach(member -> out.add(String.valueOf(member).trim()));
    } else if (value != null) {
      throw new ConfigError("cluster.hazelcast.members: expected a list like [\"10.0.0.5\", \"10.0.0.6:5701\"]");
    }
    out.removeIf(String::isEmpty);
    return List.copyOf(out);
  }

  private static void port(String key, int value, int min) {
    if (value < min || value > 65535) {
      throw new ConfigError(key + " must be a port number" + (min == 0 ? " (0: any free port)" : ""));
    }
  }
}
