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
import java.util.ArrayList;
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
  /** Every role {@link #deployAll} was asked to run, deployed or not (yet). */
  private final List<String> expected = new ArrayList<>();

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
    };
  }

  /**
   * Deploys the roles this process runs ({@link Placement}); {@code nodeId} is this cluster node's id (null outside
   * a cluster), which adapters name in their call receipts.
   */
  Future<Void> deployAll(JsonObject config, Storage storage, String nodeId) {
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
          .put("dataDir", config.getJsonObject("storage").getString("dataDir", "data")).put("bodies", bodies(config))));
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
    JsonObject providers = config.getJsonObject("providers");
    for (ProviderKind kind : placement.adapters()) { // in the order of their names, each from its own section
      // the shared section rides along so a bad value it gave is named there, not under the kind
      JsonObject section = storage.keySection(storage.storageSection(providers.getJsonObject(kind.wireName()).copy()
        .put(GatewayConfig.PROVIDER_DEFAULTS, providers.getJsonObject(GatewayConfig.PROVIDER_DEFAULTS).copy())
        .put("shutdown", section(config, "shutdown"))))
        .put("node", nodeId);
      chain = chain.compose(v -> deploy("providers." + kind.wireName(), adapter(kind), section));
    }
    if (placement.runs("cron")) {
      JsonObject cron = storage.storageSection(section(config, "cron")).put("bodies", bodies(config));
      if (cron.getString("timeZone", "").isBlank()) {
        cron.put("timeZone", quotaTimeZone); // one midnight for quota counters and the job that resets them
      }
      chain = chain.compose(v -> deploy("cron", CronVerticle::new, cron));
    }
    if (placement.runs("admin")) {
      JsonObject admin = storage.keySection(storage.storageSection(section(config, "admin"))
        .put("quotaTimeZone", quotaTimeZone).put("bodies", bodies(config)));
      JsonObject console = admin.getJsonObject("console");
      if (console.getString("clientUrl", "").isBlank()) {
        console.put("clientUrl", clientUrl(config.getJsonObject("http")));
      }
      chain = chain.compose(v -> deploy("admin", AdminVerticle::new, admin));
    }
    if (placement.runs("ingress")) {
      chain = chain.compose(v -> deploy("ingress", IngressVerticle::new, section(config, "ingress")
        .put("http", config.getJsonObject("http")).put("shutdown", section(config, "shutdown"))
          .put("bodies", bodies(config)).put("logging", section(config, "logging"))));
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
   * The roles this node should run (its {@code roles} and {@code providers.kinds}) that have no instance deployed:
   * not started yet, failed, or undeployed since.
   */
  List<String> missing() {
    List<String> missing = new ArrayList<>();
    java.util.Set<String> running = vertx.deploymentIDs();
    for (String role : expected) {
      if (deployments.getOrDefault(role, List.of()).stream().noneMatch(running::contains)) {
        missing.add(role);
      }
    }
    return missing;
  }

  private Future<Void> deploy(String role, Supplier<? extends Deployable> factory, JsonObject conf) {
    if (!expected.contains(role)) {
      expected.add(role);
    }
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
      undeploys.add(vertx.undeploy(id));
    }
    deployments.remove(role);
    return Future.join(undeploys).mapEmpty();
  }

  /** This node's client port as the admin role on the same node reaches it (a wildcard host means loopback). */
  static String clientUrl(JsonObject http) {
    String host = http.getString("host", "127.0.0.1");
    host = host.isBlank() || "0.0.0.0".equals(host) || "::".equals(host) ? "127.0.0.1" : host;
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + http.getInteger("port", 8080);
  }

  /** The body capture settings, which the ingress (capture), usage (storage), cron (retention) and admin share. */
  private static JsonObject bodies(JsonObject config) {
    return config.getJsonObject("bodies").copy();
  }

  private static JsonObject section(JsonObject config, String name) {
    return config.getJsonObject(name).copy();
  }
}
