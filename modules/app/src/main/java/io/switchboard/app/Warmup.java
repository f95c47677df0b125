package io.switchboard.app;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.switchboard.api.GatewayMetrics;
import io.switchboard.api.LabelValues;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The start's warm-up ({@code warmup.seconds}): before the gateway starts, a gateway of its own in this JVM, on its
 * own Vert.x, embedded storage under {@code <storage.dataDir>/warm-up} and a loopback port, serves requests of every
 * common kind ({@link WarmupTraffic}) from an upstream of its own ({@link WarmupUpstream}) until the JIT has settled,
 * then stops and its storage is deleted. What the JIT compiled meanwhile serves the gateway's first requests: the
 * same classes run them. Nothing of it reaches the gateway's data, metrics or log: its rows go to its own PostgreSQL,
 * its meters to a registry then dropped, its log lines are left out (one line afterwards says how it went).
 */
final class Warmup {
  private static final Logger LOG = LoggerFactory.getLogger(Warmup.class);
  /** What the warm-up's accounts and models are named by, and so its meters that go afterwards. */
  static final String NAMES = "switchboard-warm-up-";
  private static final String OPENAI_MODEL = NAMES + "gpt";
  private static final String ANTHROPIC_MODEL = NAMES + "claude";
  /** What the upstream is asked for: models with a price (conf/prices.yaml), so usage is priced as usual. */
  private static final String OPENAI_UPSTREAM_MODEL = "gpt-4o-mini";
  private static final String ANTHROPIC_UPSTREAM_MODEL = "claude-haiku-4-5";
  /** The JIT has settled when its compilers spent less than this many ms compiling in the last {@link #SETTLE_WINDOW} s. */
  static final int SETTLED_MILLIS = 200;
  static final int SETTLE_WINDOW = 2;
  /** The warm-up lasts at least this many seconds (the compilers start slowly). */
  static final int LEAST_SECONDS = 5;

  private Warmup() {
  }

  /**
   * Runs the warm-up for {@code warmup.seconds} at most when this process runs the ingress (0: not at all), says how
   * it went and answers its requests' kinds with their counts (none when it did not run). A warm-up that fails is
   * told at WARN and the start goes on.
   */
  static List<WarmupTraffic.Kind> run(JsonObject config) {
    Path dir = Path.of(config.getJsonObject("storage").getString("dataDir", "data")).resolve("warm-up");
    delete(dir); // left by a start that was killed during its warm-up
    long seconds = config.getJsonObject("warmup").getLong("seconds", 0L);
    if (seconds <= 0 || !Placement.from(config).runs("ingress")) {
      return List.of();
    }
    long started = System.nanoTime();
    List<WarmupTraffic.Kind> kinds = null;
    Throwable failure = null;
    BatchedStdout.quiet(true);
    GatewayMetrics.recordNowhere();
    try {
      kinds = serve(config, dir, seconds * 1000);
    } catch (Exception | LinkageError failed) {
      failure = failed;
    } finally {
      BatchedStdout.quiet(false);
      forgetItsNames();
      delete(dir);
    }
    if (kinds == null) {
      LOG.warn("the warm-up failed, starting without it: {}", failure.toString());
      return List.of();
    }
    int answered = kinds.stream().mapToInt(kind -> kind.answered).sum();
    int failed = kinds.stream().mapToInt(kind -> kind.failed).sum();
    LOG.info("warmed up in {} s: {} requests answered, {} failed", String.format("%.1f",
      (System.nanoTime() - started) / 1e9), answered, failed);
    kinds.stream().filter(kind -> kind.failed > 0).forEach(kind -> LOG.warn("warm-up: {} of {} '{}' requests failed,"
      + " first: {}", kind.failed, kind.failed + kind.answered, kind.name, kind.firstFailure));
    return kinds;
  }

  /** The warm-up's meters, and its names in metric labels, go; the gateway's meters record where they are scraped. */
  private static void forgetItsNames() {
    try {
      GatewayMetrics.recordAgain(id -> id.getTags().stream().anyMatch(tag -> tag.getValue().startsWith(NAMES)));
      LabelValues.forgetEverywhere(name -> name.startsWith(NAMES));
    } catch (RuntimeException failed) {
      LOG.warn("the warm-up's meters could not all be dropped: {}", failed.toString());
    }
  }

  /**
   * Starts the warm-up's gateway and upstream, sends the traffic until the JIT has settled (its compilers spent less
   * than {@value #SETTLED_MILLIS} ms compiling in the last {@value #SETTLE_WINDOW} s, after at least
   * {@value #LEAST_SECONDS} s; where the JVM does not say, the whole time) or for {@code millis} at most, stops them;
   * blocks.
   */
  static List<WarmupTraffic.Kind> serve(JsonObject config, Path dir, long millis) throws Exception {
    Files.createDirectories(dir);
    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // the upstream and the clients on the gateway's own event loop: the other core is the JIT compiler's
    Vertx vertx = GatewayNode.builder(new VertxOptions().setEventLoopPoolSize(Roles.eventLoops(config))
      .setPreferNativeTransport(true), meters, NAMES + "meters").build();
    try {
      HttpServer upstream = WarmupUpstream.start(vertx).await(30, TimeUnit.SECONDS);
      int port = freePort();
      String key = "sb-" + NAMES + HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
      Future<Gateway> starting = Gateway.start(vertx, config(config, dir, port, upstream.actualPort(), key));
      Gateway gateway;
      try {
        gateway = starting.await(2, TimeUnit.MINUTES);
      } catch (TimeoutException late) {
        // its storage is closed by its stop, should it start after all, before its files are deleted
        starting.onSuccess(Gateway::stop).await(1, TimeUnit.MINUTES);
        throw late;
      }
      try {
        WarmupTraffic traffic = WarmupTraffic.start(vertx, port, key, OPENAI_MODEL, ANTHROPIC_MODEL);
        JitSettling settling = new JitSettling(millis);
        vertx.setPeriodic(1000, timer -> {
          if (settling.done()) {
            vertx.cancelTimer(timer);
            traffic.stop();
          }
        });
        return traffic.done().await(millis + 60_000, TimeUnit.MILLISECONDS);
      } finally {
        gateway.stop().await(2, TimeUnit.MINUTES);
      }
    } finally {
      vertx.close().await(1, TimeUnit.MINUTES);
      HttpRequestMeters.forget(meters);
      meters.close();
    }
  }

  /** Whether the warm-up has lasted long enough, asked once a second. */
  private static final class JitSettling {
    private final CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();
    private final boolean measured = compiler != null && compiler.isCompilationTimeMonitoringSupported();
    private final long started = System.nanoTime();
    private final long most;
    private final long[] compiled = new long[SETTLE_WINDOW];
    private int asked;

    JitSettling(long mostMillis) {
      this.most = TimeUnit.MILLISECONDS.toNanos(mostMillis);
    }

    boolean done() {
      long elapsed = System.nanoTime() - started;
      if (elapsed >= most) {
        return true;
      }
      if (!measured) {
        return false;
      }
      long now = compiler.getTotalCompilationTime();
      long before = compiled[asked % compiled.length];
      compiled[asked % compiled.length] = now;
      asked++;
      return asked > SETTLE_WINDOW && elapsed >= TimeUnit.SECONDS.toNanos(LEAST_SECONDS)
        && now - before < SETTLED_MILLIS;
    }
  }

  /**
   * The warm-up gateway's configuration: the gateway's own (its settings are what gets compiled), on loopback port
   * {@code port}, on embedded storage in {@code dir}, with the roles a request goes through, two accounts on the
   * warm-up's upstream (OpenAI's and Anthropic's dialects) and a key with limits; nothing that reaches out (cluster,
   * tracing, webhooks) and nothing of the gateway's storage (its master key, usage spool).
   */
  static JsonObject config(JsonObject config, Path dir, int port, int upstreamPort, String key) {
    JsonObject warm = config.copy();
    warm.put("roles", new JsonArray(List.of("ingress", "auth", "scheduler", "providers", "usage", "rules",
      "conversations")));
    warm.getJsonObject("providers").put(GatewayConfig.PROVIDER_KINDS, new JsonArray());
    warm.getJsonObject("http").put("host", "127.0.0.1").put("port", port);
    warm.getJsonObject("shutdown").put("drainSeconds", 1);
    warm.getJsonObject("cluster").put("enabled", false);
    warm.getJsonObject("tracing").put("otlpEndpoint", "");
    // its key asks for two models at once: the operator's anomaly policy must not disable it for that
    warm.getJsonObject("rules").getJsonObject("keyAnomalies").put("webhookUrl", "").put("disableOn", new JsonArray());
    warm.getJsonObject("usage").put("spoolDir", "");
    JsonObject storage = warm.getJsonObject("storage").put("dataDir", dir.toString());
    storage.getJsonObject("postgres").put("url", "");
    storage.getJsonObject("redis").put("url", "");
    storage.getJsonObject("embedded").put("postgresPort", 0).put("redisPort", 0);
    warm.getJsonObject("security").put("masterKey", "").put("previousMasterKeys", new JsonArray());
    warm.getJsonObject("admin").getJsonObject("initialAdmin") // an admin exists, so none is made and printed
      .put("password", HexFormat.of().formatHex(new SecureRandom().generateSeed(16)));
    String upstream = "http://127.0.0.1:" + upstreamPort;
    return warm.put("bootstrap", new JsonObject()
      .put("accounts", new JsonArray()
        .add(account("openai", upstream + "/v1", OPENAI_MODEL, OPENAI_UPSTREAM_MODEL))
        .add(account("anthropic", upstream, ANTHROPIC_MODEL, ANTHROPIC_UPSTREAM_MODEL)))
      .put("keys", new JsonArray().add(new JsonObject().put("name", NAMES + "key").put("key", key)
        .put("models", new JsonArray().add("*")).put("rpm", 100_000_000).put("tpm", 1_000_000_000L)
        .put("maxConcurrency", 10_000))));
  }

  private static JsonObject account(String provider, String baseUrl, String model, String upstreamModel) {
    return new JsonObject().put("name", NAMES + provider).put("provider", provider).put("baseUrl", baseUrl)
      .put("apiKey", NAMES + "upstream-key").put("models", new JsonArray().add(upstreamModel))
      .put("aliases", new JsonObject().put(model, upstreamModel));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static void delete(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(path -> {
        try {
          Files.deleteIfExists(path);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException | UncheckedIOException e) {
      LOG.warn("the warm-up's files under {} could not all be deleted: {}", dir, e.toString());
    }
  }
}
