package io.switchboard.app;

import io.switchboard.admin.AdminVerticle;
import io.switchboard.api.ProviderKind;
import io.switchboard.auth.KeyAuthVerticle;
import io.switchboard.conversations.ConversationVerticle;
import io.switchboard.cron.CronVerticle;
import io.switchboard.ingress.IngressVerticle;
import io.switchboard.providers.anthropic.AnthropicProviderVerticle;
import io.switchboard.providers.bedrock.BedrockProviderVerticle;
import io.switchboard.providers.gemini.GeminiProviderVerticle;
import io.switchboard.providers.openai.AzureOpenAiProviderVerticle;
import io.switchboard.providers.openai.OpenAiCompatibleProviderVerticle;
import io.switchboard.providers.openai.OpenAiProviderVerticle;
import io.switchboard.rules.RuleEngineVerticle;
import io.switchboard.scheduler.SchedulerVerticle;
import io.switchboard.usage.UsageRecorderVerticle;
import io.vertx.core.Deployable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.function.Supplier;

/**
 * Deploys the roles this process runs, each with the instance count its config section gives, and keeps role →
 * deployment ids.
 * Back-end roles start first and the ingress last, so no client request arrives before they listen;
 * on stop the ingress goes first, so in-flight requests drain before their back ends leave.
 */
final class Roles {
  private final Vertx vertx;
  private final Map<String, List<String>> deployments = new LinkedHashMap<>();
  /** The jar of each deployment made from one, closed when that deployment is undeployed. */
  private final Map<String, AdapterJar> jars = new HashMap<>();
  private JsonObject config;
  private Storage storage;
  private String nodeId;

  Roles(Vertx vertx) {
    this.vertx = vertx;
  }

  /** The adapter verticle of each provider kind (a new kind does not compile without one). */
  private static Supplier<? extends Deployable> adapter(ProviderKind kind) {
    return switch (kind) {
      case OPENAI -> OpenAiProviderVerticle::new;
      case AZURE_OPENAI -> AzureOpenAiProviderVerticle::new;
      case OPENAI_COMPATIBLE -> OpenAiCompatibleProviderVerticle::new;
      case ANTHROPIC -> AnthropicProviderVerticle::new;
      case GEMINI -> GeminiProviderVerticle::new;
      case BEDROCK -> BedrockProviderVerticle::new;
      case EXTERNAL -> throw new IllegalArgumentException("an external provider's adapter comes from a jar");
    };
  }

  /**
   * Deploys the roles this process runs ({@link Placement}); {@code nodeId} is this cluster node's id (null outside
   * a cluster), which adapters name in their call receipts.
   */
  Future<Void> deployAll(JsonObject config, Storage storage, String nodeId) {
    this.config = config;
    this.storage = storage;
    this.nodeId = nodeId;
    Placement placement;
    try {
      placement = Placement.from(config);
    } catch (ConfigError e) {
      return Future.failedFuture(e);
    }
    String quotaTimeZone = config.getJsonObject("usage").getString("quotaTimeZone", "UTC");
    Future<Void> chain = Future.succeededFuture();
    // usage.record false leaves the recorder out: no rows, costs or spend (for measuring what recording costs)
    if (placement.runs("usage") && config.getJsonObject("usage").getBoolean("record", true)) {
      chain = chain.compose(v -> deploy("usage", UsageRecorderVerticle::new,
        storage.storageSection(section(config, "usage"))
          .put("dataDir", config.getJsonObject("storage").getString("dataDir", "data"))));
    }
    if (placement.runs("auth")) {
      chain = chain.compose(v -> deploy("auth", KeyAuthVerticle::new, storage.storageSection(section(config, "auth"))
        .put("quotaTimeZone", quotaTimeZone)));
    }
    if (placement.runs("scheduler")) {
      chain = chain.compose(v -> deploy("scheduler", SchedulerVerticle::new,
        storage.storageSection(section(config, "scheduler"))));
    }
    if (placement.runs("rules")) {
      chain = chain.compose(v -> deploy("rules", RuleEngineVerticle::new,
        storage.storageSection(section(config, "rules"))));
    }
    if (placement.runs("conversations")) {
      chain = chain.compose(v -> deploy("conversations", ConversationVerticle::new,
        storage.storageSection(section(config, "conversations"))));
    }
    for (ProviderKind kind : placement.adapters()) { // in the order of their names, each from its own section
      JsonObject section = adapterSection(kind.wireName());
      chain = chain.compose(v -> deploy("providers." + kind.wireName(), adapter(kind), section));
    }
    if (placement.runs("cron")) {
      JsonObject cron = storage.storageSection(section(config, "cron"));
      if (cron.getString("timeZone", "").isBlank()) {
        cron.put("timeZone", quotaTimeZone); // one midnight for quota counters and the job that resets them
      }
      chain = chain.compose(v -> deploy("cron", CronVerticle::new, cron));
    }
    if (placement.runs("admin")) {
      JsonObject admin = storage.keySection(storage.storageSection(section(config, "admin"))
        .put("quotaTimeZone", quotaTimeZone));
      JsonObject console = admin.getJsonObject("console");
      if (console.getString("clientUrl", "").isBlank()) {
        console.put("clientUrl", clientUrl(config.getJsonObject("http")));
      }
      chain = chain.compose(v -> deploy("admin", AdminVerticle::new, admin));
    }
    if (placement.runs("ingress")) {
      chain = chain.compose(v -> deploy("ingress", IngressVerticle::new, section(config, "ingress")
        .put("http", config.getJsonObject("http")).put("shutdown", section(config, "shutdown"))));
    }
    return chain;
  }

  /** Undeploys in reverse start order: ingress first. */
  Future<Void> undeployAll() {
    List<String> roles = new ArrayList<>(deployments.keySet());
    Future<Void> chain = Future.succeededFuture();
    for (int i = roles.size() - 1; i >= 0; i--) {
      String role = roles.get(i);
      chain = chain.compose(v -> undeploy(role));
    }
    return chain;
  }

  /**
   * Event loops for this configuration: {@code vertx.eventLoops}, or when 0 as many as the largest role instance
   * count. Loops exist to host instances: one more loop than instances only adds cross-thread hops (measured on
   * 2 cores: one loop 12.7k req/s at 59 µs CPU each, two loops 9.6k at 86 µs).
   */
  static int eventLoops(JsonObject config) {
    int configured = config.getJsonObject("vertx").getInteger("eventLoops", 0);
    if (configured > 0) {
      return configured;
    }
    Placement placement = Placement.from(config);
    int most = 1;
    for (String role : List.of("ingress", "auth", "scheduler", "usage", "cron", "rules",
      "conversations")) {
      if (placement.runs(role)) {
        most = Math.max(most, config.getJsonObject(role).getInteger("instances", 1));
      }
    }
    for (ProviderKind kind : placement.adapters()) {
      most = Math.max(most, config.getJsonObject("providers").getJsonObject(kind.wireName()).getInteger("instances", 1));
    }
    return most;
  }


  /**
   * An adapter's configuration on this node: its section over {@code providers.defaults} ({@code providers.<kind>}
   * for a built-in kind, {@code adapters.<provider>} for one from a jar, just the defaults when the config has no
   * such section), with storage, keys, shutdown and node.
   */
  private JsonObject adapterSection(String kind) {
    JsonObject providers = config.getJsonObject("providers");
    JsonObject defaults = providers.getJsonObject(GatewayConfig.PROVIDER_DEFAULTS);
    JsonObject own = ProviderKind.wireNames().contains(kind) ? providers.getJsonObject(kind)
      : config.getJsonObject(GatewayConfig.ADAPTERS).getJsonObject(kind, defaults);
    // the shared section rides along so a bad value it gave is named there, not under the kind
    return storage.keySection(storage.storageSection(own.copy()
      .put(GatewayConfig.PROVIDER_DEFAULTS, defaults.copy())
      .put("shutdown", section(config, "shutdown"))))
      .put("node", nodeId);
  }

  /**
   * The jar a name names: a bare file name ({@code ollama-1.0.jar}, or without {@code .jar}) found in
   * {@code adapters.dir}, else a path as given.
   */
  Path adapterJarPath(String name) {
    Path given = Path.of(name);
    if (given.getNameCount() == 1 && !given.isAbsolute()) {
      Path dir = Path.of(config.getJsonObject("adapters").getString("dir", "adapters"));
      for (Path candidate : List.of(dir.resolve(name), dir.resolve(name + ".jar"))) {
        if (Files.isRegularFile(candidate)) {
          return candidate;
        }
      }
    }
    return given;
  }

  /**
   * Deploys {@code instances} instances (0: what its config section says) of the adapter in {@code jar} on this node,
   * under role {@code providers.<kind>}, and answers the deployment id. This takes the jar over: it is closed when
   * the deployment is undeployed ({@link #undeployJar}), or at once when its verticle does not start (the failure,
   * an {@link AdapterJarRefused}, says why; nothing that ran before changes).
   */
  Future<String> deploy(AdapterJar jar, int instances) {
    JsonObject section = adapterSection(jar.kind());
    int count = instances > 0 ? instances : section.getInteger("instances", 1);
    DeploymentOptions options = new DeploymentOptions().setInstances(count).setConfig(section);
    return vertx.deployVerticle(jar.verticles(), options)
      .transform(deployed -> {
        if (deployed.failed()) {
          jar.close();
          Throwable cause = deployed.cause();
          return Future.failedFuture(new AdapterJarRefused("adapter " + jar + " did not start: "
            + (cause.getMessage() == null ? cause.toString() : cause.getMessage())));
        }
        String id = deployed.result();
        jars.put(id, jar);
        deployments.computeIfAbsent("providers." + jar.kind(), r -> new ArrayList<>()).add(id);
        return Future.succeededFuture(id);
      });
  }

  /** The jar a deployment was made from (its kind, version and path), or null for a built-in role's. */
  AdapterJar jarOf(String deploymentId) {
    return jars.get(deploymentId);
  }

  /** Undeploys one deployment made from a jar (its instances drain first), then closes the jar's class loader. */
  Future<Void> undeployJar(String deploymentId) {
    AdapterJar jar = jars.get(deploymentId);
    if (jar == null) {
      return Future.failedFuture(new IllegalArgumentException("no adapter deployment " + deploymentId));
    }
    deployments.values().forEach(ids -> ids.remove(deploymentId));
    deployments.values().removeIf(List::isEmpty);
    return undeployId(deploymentId);
  }

  private Future<Void> deploy(String role, Supplier<? extends Deployable> factory, JsonObject conf) {
    int instances = conf.getInteger("instances", 1);
    if (instances < 1) {
      return Future.failedFuture(new ConfigError(role + ".instances must be at least 1"));
    }
    return vertx.deployVerticle(factory, new DeploymentOptions().setInstances(instances).setConfig(conf))
      .recover(failure -> Future.failedFuture(new ConfigError(role + " did not start: " + failure.getMessage())))
      .map(id -> {
        deployments.computeIfAbsent(role, r -> new ArrayList<>()).add(id);
        return null;
      });
  }

  Future<Void> undeploy(String role) {
    List<Future<Void>> undeploys = new ArrayList<>();
    for (String id : deployments.getOrDefault(role, List.of())) {
      undeploys.add(undeployId(id));
    }
    deployments.remove(role);
    return Future.join(undeploys).mapEmpty();
  }

  /** Undeploys one deployment; one made from a jar also closes its class loader, whether or not the stop went well. */
  private Future<Void> undeployId(String id) {
    AdapterJar jar = jars.remove(id);
    Future<Void> undeployed = vertx.undeploy(id);
    return jar == null ? undeployed : undeployed.eventually(() -> {
      jar.close();
      return Future.succeededFuture();
    });
  }

  /** This node's client port as the admin role on the same node reaches it (a wildcard host means loopback). */
  static String clientUrl(JsonObject http) {
    String host = http.getString("host", "127.0.0.1");
    host = host.isBlank() || "0.0.0.0".equals(host) || "::".equals(host) ? "127.0.0.1" : host;
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + http.getInteger("port", 8080);
  }

  private static JsonObject section(JsonObject config, String name) {
    return config.getJsonObject(name).copy();
  }
}
