package io.switchboard.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.config.Config;
import io.switchboard.api.ProviderKind;
import io.switchboard.testkit.TestStorage;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** What {@code roles}, {@code providers.kinds}, {@code cluster.*} and {@code storage.embedded.*} accept and refuse. */
@ExtendWith({VertxExtension.class, TestStorage.class})
class ClusterConfigTest {
  @TempDir
  Path dir;

  @Test
  void byDefaultOneProcessRunsEveryRoleUnclustered(Vertx vertx) {
    JsonObject config = GatewayConfig.load(vertx, null, Map.of()).await();
    Placement placement = Placement.from(config);
    assertEquals(Placement.ROLES, placement.roles());
    assertEquals(ProviderKind.builtIn(), placement.adapters());
    assertTrue(placement.servesHttp());
    assertFalse(ClusterSettings.from(config.getJsonObject("cluster")).enabled());
  }

  @Test
  void rolesKindsAndMembersComeFromTheEnvironmentAsLists(Vertx vertx) {
    JsonObject config = GatewayConfig.load(vertx, null, Map.of("SB_ROLES", "providers", "SB_PROVIDERS_KINDS",
      "openai, anthropic", "SB_CLUSTER_ENABLED", "true", "SB_CLUSTER_HAZELCAST_MEMBERS", "10.0.0.5,10.0.0.6:5702"))
      .await();
    Placement placement = Placement.from(config);
    assertEquals(List.of("providers"), placement.roles());
    assertEquals(List.of(ProviderKind.OPENAI, ProviderKind.ANTHROPIC), placement.adapters());
    assertFalse(placement.servesHttp(), "no ingress, no admin: no HTTP port");
    ClusterSettings cluster = ClusterSettings.from(config.getJsonObject("cluster"));
    assertTrue(cluster.enabled());
    assertEquals(List.of("10.0.0.5", "10.0.0.6:5702"), cluster.members());
    assertEquals(5701, cluster.hazelcastPort());
  }

  @Test
  void badPlacementIsNamed() {
    assertTrue(placementFailure(new JsonObject().put("roles", new JsonArray().add("gateway")))
      .startsWith("roles: unknown role 'gateway'"));
    assertTrue(placementFailure(new JsonObject().put("roles", new JsonArray())).startsWith("roles: name at least"));
    assertTrue(placementFailure(new JsonObject().put("providers", new JsonObject().put("kinds",
      new JsonArray().add("azure")))).startsWith("providers.kinds: unknown provider kind 'azure'"));
  }

  @Test
  void badClusterSettingsAreNamed() throws Exception {
    assertTrue(clusterFailure(new JsonObject().put("hazelcast", new JsonObject().put("members", new JsonArray())))
      .startsWith("cluster.hazelcast.members"));
    assertTrue(clusterFailure(new JsonObject().put("hazelcast", new JsonObject().put("config", "/no/such/hz.xml")))
      .startsWith("cluster.hazelcast.config"));
    assertTrue(clusterFailure(new JsonObject().put("port", 70000)).startsWith("cluster.port"));
    Path store = Files.writeString(dir.resolve("node.p12"), "not a key store");
    assertTrue(clusterFailure(new JsonObject().put("eventBusTls", new JsonObject().put("keyStore", store.toString())))
      .startsWith("cluster.eventBusTls: set both"));
    String wrong = clusterFailure(new JsonObject().put("eventBusTls", new JsonObject().put("keyStore", store.toString())
      .put("trustStore", store.toString()).put("keyStorePassword", "secret-store-pass")));
    assertTrue(wrong.startsWith("cluster.eventBusTls.keyStore: cannot open"), wrong);
    assertFalse(wrong.contains("secret-store-pass"), wrong);
  }

  @Test
  void theDocumentedHazelcastFileKeepsWhatVertxNeeds() {
    Path file = Path.of("../../conf/cluster.xml");
    ClusterSettings settings = ClusterSettings.from(GatewayConfig.Defaults.get().getJsonObject("cluster")
      .put("enabled", true).put("hazelcast", new JsonObject().put("config", file.toString())));
    Config config = AnnouncingClusterManager.create(settings).getConfig();
    assertEquals("switchboard", config.getClusterName());
    assertFalse(config.getNetworkConfig().getJoin().getMulticastConfig().isEnabled());
    assertTrue(config.getNetworkConfig().getJoin().getTcpIpConfig().isEnabled());
    assertEquals("SET", config.getMultiMapConfig("__vertx.subs").getValueCollectionType().name());
    assertEquals("false", config.getProperty("hazelcast.phone.home.enabled"));
    assertEquals("false", config.getProperty("hazelcast.shutdownhook.enabled"));
  }

  @Test
  void anEmbeddedPortOutOfRangeIsNamed() {
    JsonObject config = GatewayConfig.Defaults.get();
    config.getJsonObject("storage").put("dataDir", dir.toString())
      .put("embedded", new JsonObject().put("postgresPort", 70000).put("redisPort", 0));
    ConfigError e = assertThrows(ConfigError.class, () -> Storage.open(config));
    assertTrue(e.getMessage().startsWith("storage.embedded.postgresPort"), e.getMessage());
  }

  @Test
  void aProcessWithNeitherIngressNorAdminOpensNoHttpPort(Vertx vertx) throws Exception {
    int http = GatewayHarness.freePort();
    int admin = GatewayHarness.freePort();
    JsonObject config = GatewayHarness.config("http://127.0.0.1:9/v1", http, new JsonObject()
      .put("roles", new JsonArray().add("providers").add("usage")).put("admin", new JsonObject().put("port", admin)));
    Gateway gateway = Gateway.start(vertx, config).await();
    try {
      for (int port : List.of(http, admin)) {
        assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close(), "port " + port);
      }
    } finally {
      gateway.stop().await();
    }
  }

  private static String placementFailure(JsonObject overrides) {
    JsonObject config = GatewayConfig.Defaults.get().mergeIn(overrides, true);
    return assertThrows(ConfigError.class, () -> Placement.from(config)).getMessage();
  }

  private static String clusterFailure(JsonObject overrides) {
    JsonObject cluster = GatewayConfig.Defaults.get().getJsonObject("cluster").put("enabled", true)
      .mergeIn(overrides, true);
    return assertThrows(ConfigError.class, () -> ClusterSettings.from(cluster)).getMessage();
  }
}
