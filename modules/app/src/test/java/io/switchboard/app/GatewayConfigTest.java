package io.switchboard.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Defaults, then the --config file, then the environment; bad configuration is named in one line. */
@ExtendWith(VertxExtension.class)
class GatewayConfigTest {
  @TempDir
  Path dir;

  private JsonObject load(Vertx vertx, String yaml, Map<String, String> env) throws Exception {
    Path file = null;
    if (yaml != null) {
      file = dir.resolve("switchboard.yaml");
      Files.writeString(file, yaml);
    }
    return GatewayConfig.load(vertx, file, env).await();
  }

  private String failure(Vertx vertx, String yaml, Map<String, String> env) {
    Exception e = assertThrows(Exception.class, () -> load(vertx, yaml, env));
    Throwable t = e instanceof ConfigError ? e : e.getCause() != null ? e.getCause() : e;
    assertTrue(t instanceof ConfigError, "a ConfigError, not " + t);
    assertTrue(!t.getMessage().contains("\n"), "one line");
    return t.getMessage();
  }

  @Test
  void theDocumentedDefaultsApplyWithNoFile(Vertx vertx) throws Exception {
    JsonObject config = load(vertx, null, Map.of());
    assertEquals(8080, config.getJsonObject("http").getInteger("port"));
    assertEquals(10485760, config.getJsonObject("http").getInteger("maxBodyBytes"));
    assertEquals("", config.getJsonObject("storage").getJsonObject("postgres").getString("url"));
    assertEquals("data", config.getJsonObject("storage").getString("dataDir"));
    assertEquals("", config.getJsonObject("security").getString("masterKey"), "${env:SB_MASTER_KEY:-} with no env");
  }

  @Test
  void theFileOverridesDefaultsAndTheEnvironmentOverridesTheFile(Vertx vertx) throws Exception {
    JsonObject config = load(vertx, "http:\n  port: 9000\n  host: 127.0.0.1\ningress:\n  maxAttempts: 2\n",
      Map.of("SB_HTTP_PORT", "9191", "SB_INGRESS_STREAM_WINDOW_BYTES", "65536", "SB_STORAGE_DATADIR", "/tmp/x"));
    assertEquals(9191, config.getJsonObject("http").getInteger("port"));
    assertEquals("127.0.0.1", config.getJsonObject("http").getString("host"), "kept from the file");
    assertEquals(10485760, config.getJsonObject("http").getInteger("maxBodyBytes"), "kept from the defaults");
    assertEquals(2, config.getJsonObject("ingress").getInteger("maxAttempts"));
    assertEquals(65536, config.getJsonObject("ingress").getInteger("streamWindowBytes"));
    assertEquals("/tmp/x", config.getJsonObject("storage").getString("dataDir"));
  }

  @Test
  void envReferencesResolveSecrets(Vertx vertx) throws Exception {
    JsonObject config = load(vertx, "security:\n  masterKey: ${env:MY_KEY}\nbootstrap:\n  keys:\n"
      + "    - name: demo\n      key: prefix-${env:DEMO}\n", Map.of("MY_KEY", "abc", "DEMO", "0123456789abcdef"));
    assertEquals("abc", config.getJsonObject("security").getString("masterKey"));
    assertEquals("prefix-0123456789abcdef",
      config.getJsonObject("bootstrap").getJsonArray("keys").getJsonObject(0).getString("key"));
  }

  @Test
  void aMissingEnvVariableIsNamed(Vertx vertx) {
    String message = failure(vertx, "security:\n  masterKey: ${env:NOT_SET_ANYWHERE}\n", Map.of());
    assertTrue(message.contains("security.masterKey") && message.contains("NOT_SET_ANYWHERE"), message);
  }

  @Test
  void anUnknownKeyIsNamed(Vertx vertx) {
    String message = failure(vertx, "http:\n  prot: 8080\n", Map.of());
    assertTrue(message.contains("unknown config key 'http.prot'"), message);
  }

  @Test
  void aWrongTypeIsNamed(Vertx vertx) {
    assertTrue(failure(vertx, "http:\n  port: eighty\n", Map.of()).contains("http.port"));
    assertTrue(failure(vertx, null, Map.of("SB_HTTP_PORT", "x")).contains("http.port"));
  }

  @Test
  void aProviderKindOverridesProviderDefaultsKeyByKey(Vertx vertx) throws Exception {
    JsonObject config = load(vertx, "providers:\n  defaults:\n    ttfbTimeoutMs: 1000\n    circuit:\n      openMs: 5000\n"
      + "  anthropic:\n    ttfbTimeoutMs: 2000\n    circuit:\n      failureRate: 0.25\n",
      Map.of("SB_PROVIDERS_GEMINI_TTFB_TIMEOUT_MS", "3000", "SB_PROVIDERS_DEFAULTS_INSTANCES", "3"));
    JsonObject providers = config.getJsonObject("providers");
    JsonObject anthropic = providers.getJsonObject("anthropic");
    assertEquals(2000, anthropic.getInteger("ttfbTimeoutMs"), "the kind's own value");
    assertEquals(5000, anthropic.getJsonObject("circuit").getInteger("openMs"), "circuit keys merge one by one");
    assertEquals(0.25, anthropic.getJsonObject("circuit").getDouble("failureRate"));
    assertEquals(5, anthropic.getJsonObject("circuit").getInteger("consecutiveFailures"), "the documented default");
    assertEquals(120000, anthropic.getInteger("streamIdleTimeoutMs"));
    assertEquals(1000, providers.getJsonObject("openai").getInteger("ttfbTimeoutMs"), "providers.defaults");
    assertEquals(0.5, providers.getJsonObject("openai").getJsonObject("circuit").getDouble("failureRate"));
    assertEquals(3000, providers.getJsonObject("gemini").getInteger("ttfbTimeoutMs"), "from the environment");
    assertEquals(3, providers.getJsonObject("bedrock").getInteger("instances"));
    assertEquals(3, Roles.eventLoops(config));
  }

  @Test
  void unknownProviderKeysAreStillRefused(Vertx vertx) {
    assertTrue(failure(vertx, "providers:\n  defaults:\n    ttfbTimeoutMS: 1\n", Map.of())
      .contains("unknown config key 'providers.defaults.ttfbTimeoutMS'"));
    assertTrue(failure(vertx, "providers:\n  anthropic:\n    circuit:\n      openMS: 1\n", Map.of())
      .contains("unknown config key 'providers.anthropic.circuit.openMS'"));
    assertTrue(failure(vertx, "providers:\n  mistral:\n    instances: 1\n", Map.of())
      .contains("unknown config key 'providers.mistral'"));
    assertTrue(failure(vertx, "providers:\n  gemini:\n    ttfbTimeoutMs: soon\n", Map.of())
      .contains("providers.gemini.ttfbTimeoutMs"));
  }

  @Test
  void aProviderFromAJarHasItsSectionUnderAdapters(Vertx vertx) throws Exception {
    JsonObject config = load(vertx, "providers:\n  defaults:\n    ttfbTimeoutMs: 1000\n"
      + "adapters:\n  dir: /opt/adapters\n  ollama:\n    instances: 2\n    circuit:\n      openMs: 7000\n", Map.of());
    JsonObject ollama = config.getJsonObject("adapters").getJsonObject("ollama");
    assertEquals(List.of(2, 1000, 7000, 5), List.of(ollama.getInteger("instances"), ollama.getInteger("ttfbTimeoutMs"),
      ollama.getJsonObject("circuit").getInteger("openMs"),
      ollama.getJsonObject("circuit").getInteger("consecutiveFailures")), "its keys over providers.defaults");
    assertEquals("/opt/adapters", config.getJsonObject("adapters").getString("dir"));
    assertTrue(failure(vertx, "adapters:\n  ollama:\n    ttfbTimeoutMS: 1\n", Map.of())
      .contains("unknown config key 'adapters.ollama.ttfbTimeoutMS'"));
    assertTrue(failure(vertx, "adapters:\n  Ollama:\n    instances: 1\n", Map.of())
      .contains("unknown config key 'adapters.Ollama'"));
    assertTrue(failure(vertx, "adapters:\n  openai:\n    instances: 1\n", Map.of())
      .contains("unknown config key 'adapters.openai'"), "a built-in kind's section is under providers");
  }

  @Test
  void aMissingFileIsNamed(Vertx vertx) {
    Exception e = assertThrows(Exception.class,
      () -> GatewayConfig.load(vertx, dir.resolve("nope.yaml"), Map.of()).await());
    assertTrue(e.getMessage().contains("nope.yaml"), e.getMessage());
  }

  @Test
  void eventLoopsFollowTheLargestInstanceCountUnlessSet(Vertx vertx) throws Exception {
    assertEquals(1, Roles.eventLoops(load(vertx, null, Map.of())));
    assertEquals(3, Roles.eventLoops(load(vertx, "ingress:\n  instances: 3\n", Map.of())));
    assertEquals(4, Roles.eventLoops(load(vertx, null, Map.of("SB_PROVIDERS_OPENAI_INSTANCES", "4"))));
    assertEquals(2, Roles.eventLoops(load(vertx, "vertx:\n  eventLoops: 2\ningress:\n  instances: 3\n", Map.of())));
  }

  @Test
  void loggingAndTracingComeFromTheFileOrTheEnvironmentAndBadValuesNameTheirKey(Vertx vertx) throws Exception {
    JsonObject config = load(vertx, "logging:\n  format: text\ntracing:\n  serviceName: edge-1\n",
      Map.of("SB_LOGGING_ACCESS_LOG", "false", "SB_TRACING_OTLP_ENDPOINT", "http://collector:4318/v1/traces",
        "SB_TRACING_SAMPLE_RATIO", "0.25"));
    assertEquals("text", config.getJsonObject("logging").getString("format"));
    assertEquals(false, config.getJsonObject("logging").getBoolean("accessLog"));
    JsonObject tracing = config.getJsonObject("tracing");
    assertEquals("http://collector:4318/v1/traces", tracing.getString("otlpEndpoint"));
    assertEquals(0.25, tracing.getDouble("sampleRatio"));
    assertEquals("edge-1", tracing.getString("serviceName"));
    assertEquals(null, Tracing.from(load(vertx, null, Map.of()).getJsonObject("tracing")), "no endpoint, no tracer");
    assertEquals("logging.format: expected json or text, got 'xml'",
      assertThrows(ConfigError.class, () -> LogFormat.choose("xml")).getMessage());
    assertEquals("tracing.otlpEndpoint: expected an http(s) URL, got 'collector:4318'",
      assertThrows(ConfigError.class, () -> Tracing.from(new JsonObject().put("otlpEndpoint", "collector:4318")))
        .getMessage());
    assertEquals("tracing.sampleRatio: expected a number from 0.0 to 1.0, got 2.0",
      assertThrows(ConfigError.class, () -> Tracing.from(tracing.copy().put("sampleRatio", 2.0))).getMessage());
    assertTrue(failure(vertx, null, Map.of("SB_TRACING_SAMPLE_RATIO", "most")).contains("tracing.sampleRatio"));
  }
}
