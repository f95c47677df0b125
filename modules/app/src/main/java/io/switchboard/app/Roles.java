package io.switchboard.app;

import io.switchboard.admin.AdminVerticle;
import io.switchboard.auth.KeyAuthVerticle;
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
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Deploys every role with the instance count its config section gives and keeps role → deployment ids.
 * Back-end roles start first and the ingress last, so no client request arrives before they listen;
 * on stop the ingress goes first, so in-flight requests drain before their back ends leave.
 */
final class Roles {
  private final Vertx vertx;
  private final Map<String, List<String>> deployments = new LinkedHashMap<>();

  Roles(Vertx vertx) {
    this.vertx = vertx;
  }

  /** The adapter verticle of each provider kind, by the name of its section under {@code providers}. */
  private static final Map<String, Supplier<? extends Deployable>> PROVIDERS = Map.of(
    OpenAiProviderVerticle.KIND, OpenAiProviderVerticle::new,
    AzureOpenAiProviderVerticle.KIND, AzureOpenAiProviderVerticle::new,
    OpenAiCompatibleProviderVerticle.KIND, OpenAiCompatibleProviderVerticle::new,
    AnthropicProviderVerticle.KIND, AnthropicProviderVerticle::new,
    GeminiProviderVerticle.KIND, GeminiProviderVerticle::new,
    BedrockProviderVerticle.KIND, BedrockProviderVerticle::new);

  Future<Void> deployAll(JsonObject config, Storage storage) {
    JsonObject postgres = storage.postgresSection(config);
    String quotaTimeZone = config.getJsonObject("usage").getString("quotaTimeZone", "UTC");
    // usage.record false leaves the recorder out: no rows, costs or spend (for measuring what recording costs)
    Future<Void> chain = (config.getJsonObject("usage").getBoolean("record", true)
      ? deploy("usage", UsageRecorderVerticle::new, section(config, "usage").put("postgres", postgres)
        .put("redisUrl", storage.redisUrl())
        .put("dataDir", config.getJsonObject("storage").getString("dataDir", "data")))
      : Future.<Void>succeededFuture())
      .compose(v -> deploy("auth", KeyAuthVerticle::new, section(config, "auth").put("postgres", postgres)
        .put("redisUrl", storage.redisUrl()).put("quotaTimeZone", quotaTimeZone)));
    JsonObject redis = new JsonObject().put("url", storage.redisUrl());
    chain = chain
      .compose(v -> deploy("scheduler", SchedulerVerticle::new, section(config, "scheduler").put("postgres", postgres)
        .put("redis", redis)))
      .compose(v -> deploy("rules", RuleEngineVerticle::new, section(config, "rules").put("postgres", postgres)
        .put("redis", redis)));
    JsonObject providers = config.getJsonObject("providers");
    for (String kind : new java.util.TreeSet<>(PROVIDERS.keySet())) {
      JsonObject section = storage.keySection(providers.getJsonObject(kind).copy().put("postgres", postgres));
      chain = chain.compose(v -> deploy("providers." + kind, PROVIDERS.get(kind), section));
    }
    JsonObject cron = section(config, "cron").put("postgres", postgres);
    if (cron.getString("timeZone", "").isBlank()) {
      cron.put("timeZone", quotaTimeZone); // one midnight for quota counters and the job that resets them
    }
    chain = chain.compose(v -> deploy("cron", CronVerticle::new, cron));
    JsonObject admin = storage.keySection(section(config, "admin").put("postgres", postgres)
      .put("redisUrl", storage.redisUrl()).put("quotaTimeZone", quotaTimeZone));
    chain = chain.compose(v -> deploy("admin", AdminVerticle::new, admin));
    return chain.compose(v -> deploy("ingress", IngressVerticle::new,
      section(config, "ingress").put("http", config.getJsonObject("http"))));
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
    int most = 1;
    for (String role : List.of("ingress", "auth", "scheduler", "usage", "cron", "rules")) {
      most = Math.max(most, config.getJsonObject(role).getInteger("instances", 1));
    }
    for (Object provider : config.getJsonObject("providers")) {
      if (((Map.Entry<?, ?>) provider).getValue() instanceof JsonObject section) {
        most = Math.max(most, section.getInteger("instances", 1));
      }
    }
    return most;
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
      undeploys.add(vertx.undeploy(id));
    }
    deployments.remove(role);
    return Future.join(undeploys).mapEmpty();
  }

  private static JsonObject section(JsonObject config, String name) {
    return config.getJsonObject(name).copy();
  }
}
