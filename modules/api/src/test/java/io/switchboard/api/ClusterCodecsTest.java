package io.switchboard.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.config.Config;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every record the roles exchange crosses between two clustered Vert.x instances (Hazelcast on loopback) through its
 * registered codec, and arrives field by field as it left; every registered record type is among those sent.
 */
class ClusterCodecsTest {
  private static final String ADDRESS = "sb.test.cluster.records";
  private static Vertx sender;
  private static Vertx receiver;

  @BeforeAll
  static void startTwoNodes() throws IOException {
    String cluster = "sb-codecs-" + UUID.randomUUID();
    int first = freePort();
    int second = freePort();
    sender = clustered(cluster, first, second);
    receiver = clustered(cluster, second, first);
  }

  @AfterAll
  static void stopNodes() {
    receiver.close().await();
    sender.close().await();
  }

  /** The registered records of {@link MessageCodecsTest}, and those only other roles' tests build. */
  static Stream<Object> samples() {
    Stream<Object> shared = MessageCodecsTest.records().map(arguments -> arguments.get()[1]);
    return Stream.concat(shared, Stream.of(
      new CronRunRequest("quota-reset", "admin"),
      new CronRunRequest("usage-rollups", null),
      new CronRunResult("quota-reset", 42, true, "3 users back from fallback"),
      new CronRunResult("health-probes", -1, false, null),
      new DeploymentCommand(DeploymentCommand.DEPLOY, null, "providers", "openai", 2, "/opt/adapters/x-1.2.jar"),
      DeploymentCommand.status(),
      new DeploymentCommand(DeploymentCommand.SCALE, "a1b2:providers.openai:3", null, null, 4, null),
      new NodeDeployments("a1b2", "10.0.0.5:41234", List.of("ingress", "providers"), 1_767_225_600_000L, List.of(
        new NodeDeployments.Deployment("a1b2:providers.openai:3", "a1b2", "providers", "openai", 4, "built-in",
          1_767_225_601_000L, 17, 1_767_225_602_000L, "running"),
        new NodeDeployments.Deployment("a1b2:auth:1", "a1b2", "auth", null, 1, "built-in", 1_767_225_600_500L, -1, 0,
          "stopped"))),
      new NodeDeployments("local", "local", List.of(), 0, List.of()),
      new ClusterNodes("a1b2", List.of("a1b2", "c3d4")),
      new CronJobList("Europe/Berlin", List.of(new CronJobList.Job("quota-reset", "0 0 * * *", true),
        new CronJobList.Job("usage-retention", null, false))),
      new RuleDryRunRequest(7L, null, 500),
      new RuleDryRunRequest(null, new JsonObject().put("name", "overloaded").put("condition",
        new JsonObject().put("status", 529)), 10_000),
      new RuleDryRunReport(500, 1_767_225_600_000L, 1_767_229_200_000L, List.of(
        new RuleDryRunReport.AccountResult(17, 3, List.of(1_767_225_601_000L, 1_767_225_602_500L), "HTTP 529"),
        new RuleDryRunReport.AccountResult(18, 0, List.of(), null))),
      new AccountHealth(17, "rate_limited", "active", "rate_limited: HTTP 429", 1_767_225_660_000L,
        1_767_225_600_000L),
      new AccountHealth(17, "active", "invalid", "probe_ok", -1, 1_767_225_600_000L),
      new CircuitState(17, CircuitState.OPEN, 1_767_225_600_123L),
      new CircuitState(17, CircuitState.HALF_OPEN, 0),
      new ProbeRequest(17, "gpt-4o-mini"),
      new ProbeRequest(18, null),
      new CallReceipt("41", "6f0f6c4e-0a8b-4a4f-9d2c-2b7f3a1e9c55")));
  }

  @Test
  void everyRecordArrivesOnTheOtherNodeAsItLeft() {
    List<Object> sent = samples().toList();
    List<Object> received = new ArrayList<>();
    MessageConsumer<Object> consumer = receiver.eventBus().consumer(ADDRESS, message -> {
      received.add(message.body());
      message.reply(null);
    });
    consumer.completion().await();
    try {
      for (Object record : sent) {
        sender.eventBus().request(ADDRESS, record, new DeliveryOptions().setSendTimeout(10_000)).await();
      }
    } finally {
      consumer.unregister().await();
    }
    assertEquals(sent.size(), received.size());
    for (int i = 0; i < sent.size(); i++) {
      assertNotSame(sent.get(i), received.get(i), "decoded from the wire, not shared: " + sent.get(i));
      MessageCodecsTest.assertSameRecord((Record) sent.get(i), (Record) received.get(i));
    }
  }

  @Test
  void everyRegisteredRecordTypeIsAmongTheSamples() throws Exception {
    Set<String> sampled = samples().map(record -> record.getClass().getName()).collect(Collectors.toCollection(
      TreeSet::new));
    Set<String> registered = new TreeSet<>();
    EventBus bus = sender.eventBus();
    for (Class<?> type : apiRecords()) {
      if (isRegistered(bus, type)) {
        registered.add(type.getName());
      }
    }
    assertTrue(registered.size() >= 20, "the registered records were found: " + registered);
    assertEquals(registered, sampled);
  }

  /**
   * A second default codec for a type is refused exactly when {@link MessageCodecs} registered one (the probe is named
   * as that one would be, so a codec registered by name alone is refused too).
   */
  private static boolean isRegistered(EventBus bus, Class<?> type) {
    try {
      bus.registerDefaultCodec(cast(type), new RecordCodec<>(cast(type), record -> null, json -> null));
      bus.unregisterDefaultCodec(type);
      return false;
    } catch (IllegalStateException registered) {
      return true;
    }
  }

  @SuppressWarnings("unchecked")
  private static Class<Object> cast(Class<?> type) {
    return (Class<Object>) type;
  }

  /** The top-level records of the api package, read from its compiled classes. */
  private static List<Class<?>> apiRecords() throws URISyntaxException, IOException, ClassNotFoundException {
    Path dir = Path.of(Addresses.class.getProtectionDomain().getCodeSource().getLocation().toURI())
      .resolve("io/switchboard/api");
    List<Class<?>> records = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.toList()) {
        String name = file.getFileName().toString();
        if (name.endsWith(".class") && !name.contains("$")) {
          Class<?> type = Class.forName("io.switchboard.api." + name.substring(0, name.length() - 6));
          if (type.isRecord()) {
            records.add(type);
          }
        }
      }
    }
    return records;
  }

  /** A clustered instance with every codec registered, joining the other on loopback only. */
  /** A clustered Vert.x on Hazelcast over loopback, joining the member on {@code otherPort}; codecs registered. */
  static Vertx clustered(String cluster, int port, int otherPort) {
    Config config = ConfigUtil.loadConfig().setClusterName(cluster)
      .setProperty("hazelcast.phone.home.enabled", "false")
      .setProperty("hazelcast.logging.type", "slf4j")
      .setProperty("hazelcast.wait.seconds.before.join", "1")
      .setProperty("hazelcast.socket.bind.any", "false");
    config.getNetworkConfig().setPort(port).getInterfaces().setEnabled(true).addInterface("127.0.0.1");
    config.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
    config.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
    config.getNetworkConfig().getJoin().getTcpIpConfig().setEnabled(true)
      .setMembers(List.of("127.0.0.1:" + port, "127.0.0.1:" + otherPort));
    Vertx vertx = Vertx.builder().withClusterManager(new HazelcastClusterManager(config)).buildClustered().await();
    MessageCodecs.register(vertx);
    return vertx;
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
