package io.switchboard.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testkit.TestStorage;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.File;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** What an operator sees when the gateway cannot start: one line naming the problem, and no secret. */
@ExtendWith({VertxExtension.class, TestStorage.class})
class StartupFailuresTest {
  private static final String UPSTREAM = "http://127.0.0.1:9/v1";

  private static String startFailure(Vertx vertx, JsonObject overrides) {
    JsonObject config = GatewayHarness.config(UPSTREAM, GatewayHarness.freePort(), overrides);
    Exception e = assertThrows(Exception.class, () -> Gateway.start(vertx, config).await());
    Throwable t = e instanceof ConfigError ? e : e.getCause();
    assertTrue(t instanceof ConfigError, "a ConfigError, not " + e);
    assertFalse(t.getMessage().contains("\n"));
    return t.getMessage();
  }

  @Test
  void aTakenPortIsNamed(Vertx vertx) throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      String message = startFailure(vertx, new JsonObject().put("http", new JsonObject().put("port", taken.getLocalPort())));
      assertTrue(message.contains("http.port " + taken.getLocalPort()), message);
    }
  }

  @Test
  void aBadStorageUrlIsNamed(Vertx vertx) {
    String message = startFailure(vertx, new JsonObject().put("storage", new JsonObject()
      .put("postgres", new JsonObject().put("url", "mysql://db:3306/x"))));
    assertTrue(message.contains("storage.postgres.url"), message);
  }

  @Test
  void unreachablePostgresIsNamedWithoutItsPassword(Vertx vertx) {
    String message = startFailure(vertx, new JsonObject().put("storage", new JsonObject()
      .put("postgres", new JsonObject().put("url", "postgresql://sb:hunter2secret@127.0.0.1:1/sb"))));
    assertTrue(message.contains("storage.postgres.url") && message.contains("127.0.0.1:1"), message);
    assertFalse(message.contains("hunter2secret"), message);
  }

  @Test
  void unreachableRedisIsNamed(Vertx vertx) {
    String message = startFailure(vertx, new JsonObject().put("storage", new JsonObject()
      .put("redis", new JsonObject().put("url", "redis://127.0.0.1:1"))));
    assertTrue(message.contains("storage.redis.url"), message);
  }

  @Test
  void onlyOneStorageUrlIsRefused(Vertx vertx) {
    String message = startFailure(vertx, new JsonObject().put("storage", new JsonObject()
      .put("redis", new JsonObject().put("url", ""))));
    assertTrue(message.contains("storage.postgres.url and storage.redis.url"), message);
  }

  @Test
  void aBadProviderValueIsNamedWhereItWasWritten(Vertx vertx) {
    String own = startFailure(vertx, new JsonObject().put("providers", new JsonObject()
      .put("anthropic", new JsonObject().put("ttfbTimeoutMs", 0))));
    assertTrue(own.contains("providers.anthropic.ttfbTimeoutMs must be positive"), own);
    String shared = startFailure(vertx, new JsonObject().put("providers", new JsonObject()
      .put("defaults", new JsonObject().put("circuit", new JsonObject().put("failureRate", 1.5)))));
    assertTrue(shared.contains("providers.defaults.circuit.failureRate must be above 0 and at most 1"), shared);
    String none = startFailure(vertx, new JsonObject().put("providers", new JsonObject()
      .put("openai", new JsonObject().put("maxAnswerBytes", 0))));
    assertTrue(none.contains("providers.openai.maxAnswerBytes must be positive"), none);
    String past = startFailure(vertx, new JsonObject().put("providers", new JsonObject()
      .put("defaults", new JsonObject().put("maxAnswerBytes", 4L << 30))));
    assertTrue(past.contains("providers.defaults.maxAnswerBytes must be at most 2147483639"), past);
  }

  @Test
  void aBadBootstrapEntryIsNamed(Vertx vertx) {
    String message = startFailure(vertx, new JsonObject().put("bootstrap", new JsonObject().put("accounts",
      new JsonArray().add(new JsonObject().put("name", "x").put("provider", "openai").put("models", new JsonArray().add("m"))))));
    assertEquals("bootstrap.accounts[0].baseUrl is required", message);
  }

  @Test
  void bootstrapUpdatesByNameOnTheNextStart(Vertx vertx) throws Exception {
    JsonObject account = new JsonObject().put("name", "same-name").put("provider", "openai")
      .put("baseUrl", "http://first/v1").put("models", new JsonArray().add("m1"));
    JsonObject first = new JsonObject().put("bootstrap", new JsonObject().put("accounts", new JsonArray().add(account)));
    Gateway.start(vertx, GatewayHarness.config(UPSTREAM, GatewayHarness.freePort(), first)).await().stop().await();
    JsonObject changed = account.copy().put("baseUrl", "http://second/v1").put("models", new JsonArray().add("m2"))
      .put("aliases", new JsonObject().put("fast", "m2"));
    JsonObject second = new JsonObject().put("bootstrap", new JsonObject().put("accounts", new JsonArray().add(changed)));
    Gateway.start(vertx, GatewayHarness.config(UPSTREAM, GatewayHarness.freePort(), second)).await().stop().await();

    assertEquals(List.of("same-name|http://second/v1|{m2}|{\"fast\": \"m2\"}"), TestStorage.query(
      "select concat_ws('|', name, base_url, models, aliases) from accounts where name = 'same-name'"));
  }

  @Test
  void aWronglyTypedBootstrapValueIsNamed(Vertx vertx) {
    JsonObject account = new JsonObject().put("name", "x").put("provider", "openai").put("baseUrl", "http://h/v1")
      .put("models", new JsonArray().add("m"));
    assertEquals("bootstrap.accounts[0].weight must be a whole number", startFailure(vertx, bootstrapAccount(
      account.copy().put("weight", "heavy"))));
    assertEquals("bootstrap.accounts[0].priority must be a whole number", startFailure(vertx, bootstrapAccount(
      account.copy().put("priority", "high"))));
    assertEquals("bootstrap.accounts[0].models must be a list", startFailure(vertx, bootstrapAccount(
      account.copy().put("models", "m"))));
    assertEquals("bootstrap.accounts[0] must be a map of keys", startFailure(vertx, new JsonObject().put("bootstrap",
      new JsonObject().put("accounts", new JsonArray().add("just-a-name")))));
  }

  private static JsonObject bootstrapAccount(JsonObject account) {
    return new JsonObject().put("bootstrap", new JsonObject().put("accounts", new JsonArray().add(account)));
  }

  @Test
  void theProcessPrintsOneLineAndExitsNonZero(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("bad.yaml");
    Files.writeString(config, "http:\n  prot: 8080\n");
    Path caches = Files.createDirectories(dir.resolve("caches"));
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
      "-Dvertx.cacheDirBase=" + caches.resolve("vertx-cache")));
    if (Runtime.version().feature() >= 22) {
      command.add("--enable-native-access=ALL-UNNAMED"); // as the jar's manifest says, for Netty's native transport
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "--config",
      config.toString()));
    Process process = new ProcessBuilder(command).redirectOutput(new File("/dev/null")).start();
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the process stopped by itself");
    List<String> stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).lines()
      .filter(l -> !l.isBlank()).toList();
    assertEquals(2, process.exitValue());
    assertEquals(List.of("switchboard: unknown config key 'http.prot' (see conf/switchboard.yaml for the known keys)"),
      stderr);
    // reading the defaults out of the jar made Vert.x a file cache; it is gone with the process, not left behind
    try (var left = Files.list(caches)) {
      assertEquals(List.of(), left.map(p -> p.getFileName().toString()).toList());
    }
  }
}
