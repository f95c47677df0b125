package io.switchboard.app;

import io.switchboard.admin.AdminVerticle;
import io.switchboard.api.NodeDeployments;
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
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The roles this process runs and how each is deployed ({@link RoleSpec}: verticle, configuration section), into
 * this node's {@link Deployments}. Back-end roles start first and the ingress last, so no client request arrives
 * before they listen; on stop the ingress goes first, so in-flight requests drain before their back ends leave.
 */
final class Roles {
  private final JsonObject config;
  private final Storage storage;
  private final String nodeId;
  private final Deployments deployments;
  /**
   * The roles (qualified: {@code providers.openai}) this node should run: its placement's, as the deployments API
   * has changed them since (a role undeployed through it is no longer missing, one deployed through it is expected).
   */
  private final Set<String> expected = ConcurrentHashMap.newKeySet();

  /** {@code nodeId} is this cluster node's id (null outside a cluster), which adapters name in their call receipts. */
  Roles(JsonObject config, Storage storage, String nodeId, Deployments deployments) {
    this.config = config;
    this.storage = storage;
    this.nodeId = nodeId;
    this.deployments = deployments;
  }

  Deployments deployments() {
    return deployments;
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

  /** Deploys the roles this process runs ({@link Placement}), each with the instance count its section gives. */
  Future<Void> deployAll() {
    Placement placement;
    try {
      placement = Placement.from(config);
    } catch (ConfigError e) {
      return Future.failedFuture(e);
    }
    Future<Void> chain = Future.succeededFuture();
    for (String role : Placement.ROLES_IN_START_ORDER) {
      // usage.record false leaves the recorder out: no rows, costs or spend (for measuring what recording costs)
      if (!placement.runs(role) || "usage".equals(role) && !config.getJsonObject("usage").getBoolean("record", true)) {
        continue;
      }
      List<RoleSpec> specs = "providers".equals(role)
        ? placement.adapters().stream().map(kind -> spec(role, kind.wireName())).toList() // in the order of their names
        : List.of(spec(role, null));
      for (RoleSpec spec : specs) {
        expected.add(spec.qualified());
        chain = chain.compose(v -> deploy(spec, spec.configuredInstances()).mapEmpty());
      }
    }
    return chain;
  }

  /** Deploys one role (or adapter kind) as a new deployment; a failure to start is a {@link ConfigError}. */
  Future<Deployment> deploy(RoleSpec spec, int instances) {
    if (instances < 1) {
      return Future.failedFuture(new ConfigError(spec.qualified() + ".instances must be at least 1"));
    }
    return deployments.deploy(spec, instances)
      .recover(failure -> Future.failedFuture(new ConfigError(spec.qualified() + " did not start: "
        + (failure.getMessage() == null ? failure.toString() : failure.getMessage()))));
  }

  /**
   * How {@code role} is deployed on this node: its verticle and its section of the configuration as the verticle
   * reads it. {@code kind} names the adapter when {@code role} is {@code providers}; unknown names are refused with
   * an {@link IllegalArgumentException} saying which.
   */
  RoleSpec spec(String role, String kind) {
    String quotaTimeZone = config.getJsonObject("usage").getString("quotaTimeZone", "UTC");
    return switch (role) {
      case "usage" -> RoleSpec.builtIn(role, null, UsageRecorderVerticle::new,
        storage.storageSection(section("usage"))
          .put("dataDir", config.getJsonObject("storage").getString("dataDir", "data")).put("bodies", bodies()));
      case "auth" -> RoleSpec.builtIn(role, null, KeyAuthVerticle::new, storage.storageSection(section("auth"))
        .put("quotaTimeZone", quotaTimeZone));
      case "scheduler" -> RoleSpec.builtIn(role, null, SchedulerVerticle::new,
        storage.storageSection(section("scheduler")));
      case "rules" -> RoleSpec.builtIn(role, null, RuleEngineVerticle::new, storage.storageSection(section("rules")));
      case "conversations" -> RoleSpec.builtIn(role, null, ConversationVerticle::new,
        storage.storageSection(section("conversations")));
      case "providers" -> {
        if (kind == null || !ProviderKind.wireNames().contains(kind)) {
          throw new IllegalArgumentException("unknown provider kind '" + kind + "' (built in: "
            + String.join(", ", ProviderKind.wireNames()) + "; an adapter from a jar is named by \"jar\")");
        }
        yield RoleSpec.builtIn(role, kind, adapter(ProviderKind.fromWire(kind)), adapterSection(kind));
      }
      case "cron" -> {
        JsonObject cron = storage.storageSection(section("cron")).put("bodies", bodies());
        if (cron.getString("timeZone", "").isBlank()) {
          cron.put("timeZone", quotaTimeZone); // one midnight for quota counters and the job that resets them
        }
        yield RoleSpec.builtIn(role, null, CronVerticle::new, cron);
      }
      case "admin" -> {
        JsonObject admin = storage.keySection(storage.storageSection(section("admin"))
          .put("quotaTimeZone", quotaTimeZone).put("bodies", bodies()));
        JsonObject console = admin.getJsonObject("console");
        if (console.getString("clientUrl", "").isBlank()) {
          console.put("clientUrl", clientUrl(config.getJsonObject("http")));
        }
        yield RoleSpec.builtIn(role, null, AdminVerticle::new, admin);
      }
      case "ingress" -> RoleSpec.builtIn(role, null, IngressVerticle::new, section("ingress")
        .put("http", config.getJsonObject("http")).put("shutdown", section("shutdown")).put("bodies", bodies())
        .put("logging", section("logging")));
      default -> throw new IllegalArgumentException("unknown role '" + role + "' (known: "
        + String.join(", ", Placement.ROLES) + ")");
    };
  }

  /**
   * An adapter's section: {@code providers.<kind>} for a built-in kind, {@code adapters.<provider>} for one from a jar
   * (just {@code providers.defaults} when the configuration has none), with the shared section beside it, so a bad value it gave is named there, not under the kind; the storage, the
   * master key, {@code providers.drainSeconds}, {@code providers.heldAnswerBytes} and this node's id.
   */
  JsonObject adapterSection(String kind) {
    JsonObject providers = config.getJsonObject("providers");
    JsonObject defaults = providers.getJsonObject(GatewayConfig.PROVIDER_DEFAULTS);
    JsonObject own = ProviderKind.wireNames().contains(kind) ? providers.getJsonObject(kind)
      : config.getJsonObject(GatewayConfig.ADAPTERS).getJsonObject(kind, defaults);
    return storage.keySection(storage.storageSection(own.copy()
        .put(GatewayConfig.PROVIDER_DEFAULTS, defaults.copy())))
      .put(GatewayConfig.PROVIDER_DRAIN, providers.getLong(GatewayConfig.PROVIDER_DRAIN, 30L))
      .put(GatewayConfig.PROVIDER_HELD, providers.getLong(GatewayConfig.PROVIDER_HELD, 0L))
      .put("node", nodeId);
  }

  /**
   * How an adapter from a jar is deployed on this node: the jar {@code name} names (a path, or a file name in
   * {@code adapters.dir}, with or without {@code .jar}) opened in a class loader of its own. Blocking (reads the jar,
   * loads its classes); refused with an {@link AdapterJarRefused} saying why.
   */
  RoleSpec jarSpec(String name) {
    AdapterJar jar = AdapterJar.open(adapterJarPath(name));
    return RoleSpec.fromJar(jar, adapterSection(jar.kind()));
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


  /** The deployments API deployed {@code d} on this node: its role is expected from now on. */
  void deployed(Deployment d) {
    expected.add(d.spec.qualified());
  }

  /**
   * The deployments API undeployed {@code d}: when no other deployment of its role runs on this node, the role is
   * no longer expected here (moved to another node, or removed on purpose).
   */
  void undeployed(Deployment d) {
    String role = d.spec.qualified();
    if (deployments.all().stream().noneMatch(other -> other != d && role.equals(other.spec.qualified())
      && NodeDeployments.Deployment.RUNNING.equals(other.state))) {
      expected.remove(role);
    }
  }

  /**
   * The roles this node should run that have no running deployment: not started yet, failed, or undeployed other
   * than through the deployments API (for {@code /readyz}).
   */
  List<String> missing() {
    List<String> missing = new ArrayList<>();
    for (String role : expected) {
      if (!runs(role)) {
        missing.add(role);
      }
    }
    return missing;
  }

  /** Whether a deployment of {@code qualified} is running or draining on this node. */
  private boolean runs(String qualified) {
    return deployments.all().stream().anyMatch(d -> qualified.equals(d.spec.qualified())
      && !NodeDeployments.Deployment.STOPPED.equals(d.state));
  }

  /** This node's client port as the admin role on the same node reaches it (a wildcard host means loopback). */
  static String clientUrl(JsonObject http) {
    String host = http.getString("host", "127.0.0.1");
    host = host.isBlank() || "0.0.0.0".equals(host) || "::".equals(host) ? "127.0.0.1" : host;
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + http.getInteger("port", 8080);
  }

  /** The body capture settings, which the ingress (capture), usage (storage), cron (retention) and admin share. */
  private JsonObject bodies() {
    return config.getJsonObject("bodies").copy();
  }

  private JsonObject section(String name) {
    return config.getJsonObject(name).copy();
  }
}
