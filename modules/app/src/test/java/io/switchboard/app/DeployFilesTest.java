package io.switchboard.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.yaml.snakeyaml.Yaml;

/**
 * No Docker engine or cluster here, so the deploy files are checked for what can go wrong without one: every file
 * parses; every SB_ variable and config key they set is one conf/switchboard.yaml knows (and the configuration they
 * make is accepted); the Dockerfile builds with the README's command, runs as non-root, checks /healthz and sizes the
 * heap from the container; the Kubernetes objects probe /readyz and /healthz, give streams time to drain and find each
 * other. (That the dashboard queries only exposed metrics is checked against a live gateway in {@link MetricsTest}.)
 */
class DeployFilesTest {
  private static final Pattern ENV_REF = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)");

  @Test
  void everyFileParses() throws Exception {
    List<Path> files = DeployFiles.all();
    for (String expected : List.of("Dockerfile", "docker-compose.yml", "grafana/switchboard.json",
      "prometheus/prometheus.yml", "k8s/deployment.yaml", "k8s/service.yaml", "k8s/configmap.yaml", "k8s/secret.yaml",
      "k8s/hpa.yaml", "k8s/pdb.yaml", "k8s/servicemonitor.yaml")) {
      assertTrue(files.contains(Path.of(expected)), expected + " in " + files);
    }
    for (Path file : files) {
      String name = file.getFileName().toString();
      if (name.endsWith(".yml") || name.endsWith(".yaml")) {
        assertFalse(DeployFiles.yaml(file).isEmpty(), file + " holds a document");
      } else if (name.endsWith(".json")) {
        assertFalse(new JsonObject(DeployFiles.read(DeployFiles.DEPLOY.resolve(file))).isEmpty(), file.toString());
      }
    }
    hazelcastXml(); // the one XML, inside the ConfigMap
    assertEquals(Set.of("ConfigMap", "Deployment", "HorizontalPodAutoscaler", "Namespace", "PodDisruptionBudget",
        "Secret", "Service", "ServiceMonitor"),
      new TreeSet<>(DeployFiles.kubernetes().stream().map(o -> o.getString("kind")).toList()));
  }

  @Test
  void everyEnvironmentVariableAndConfigKeyIsOneTheGatewayKnows() {
    Set<String> known = knownEnvironment();
    Map<String, String> set = new TreeMap<>();
    set.putAll(composeEnvironment());
    set.putAll(deploymentEnvironment());
    set.putAll(dockerfileEnvironment());
    Set<String> unknown = new TreeSet<>();
    set.keySet().stream().filter(name -> name.startsWith("SB_") && !known.contains(name)).forEach(unknown::add);
    assertEquals(Set.of(), unknown, "SB_ variables that set nothing (conf/switchboard.yaml has no such key)");
    assertTrue(set.keySet().containsAll(List.of("SB_MASTER_KEY", "SB_ADMIN_PASSWORD", "SB_STORAGE_POSTGRES_URL",
      "SB_STORAGE_REDIS_URL", "SB_CLUSTER_ENABLED", "SB_CLUSTER_PUBLICHOST")), set.keySet().toString());

    // the configuration each deployment makes is accepted as the gateway would read it
    GatewayConfig.resolve(GatewayConfig.Defaults.get(), withoutComposeReferences(composeEnvironment()));
    JsonObject mounted = configMapFile();
    JsonObject k8s = GatewayConfig.resolve(GatewayConfig.Defaults.get().mergeIn(mounted, true), deploymentEnvironment());
    assertTrue(k8s.getJsonObject("cluster").getBoolean("enabled"));
    assertEquals("0.0.0.0", k8s.getJsonObject("admin").getString("host"), "the admin Service reaches the admin port");
  }

  @Test
  void theDockerfileBuildsWithTheReadmesCommandAndRunsAsNonRoot() {
    List<String> lines = DeployFiles.dockerfile();
    List<String> stages = lines.stream().filter(l -> l.startsWith("FROM ")).toList();
    assertEquals(2, stages.size(), stages.toString());
    assertTrue(stages.get(0).contains("maven") && stages.get(0).endsWith(" AS build"), stages.get(0));
    assertTrue(stages.get(1).contains("-jre"), "a JRE runtime: " + stages.get(1));
    Matcher runtime = Pattern.compile(":(\\d+)-jre").matcher(stages.get(1));
    assertTrue(runtime.find(), "the runtime's JDK version: " + stages.get(1));
    assertEquals(readmeImageJdk(), runtime.group(1), "the JDK the README says the image runs on");
    String build = lines.stream().filter(l -> l.startsWith("RUN ") && l.contains("mvn ")).findFirst().orElseThrow()
      .replaceFirst("^RUN (--mount=\\S+ )*", "");
    assertEquals(readmeBuildCommand(), build);
    String user = lines.stream().filter(l -> l.startsWith("USER ")).reduce((a, b) -> b).orElseThrow();
    assertFalse(user.equals("USER root") || user.startsWith("USER 0"), user);
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("HEALTHCHECK ") && l.contains("/healthz")), "HEALTHCHECK");
    String javaOpts = lines.stream().filter(l -> l.startsWith("ENV JAVA_OPTS=")).findFirst().orElseThrow();
    assertTrue(javaOpts.contains(readmeJvmOptions()), "the README's JVM options: " + javaOpts);
    assertTrue(lines.stream()
        .anyMatch(l -> l.startsWith("ENV ") && l.contains("MALLOC_ARENA_MAX=" + readmeMallocArenas())),
      "the README's malloc arenas");
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("COPY --from=build") && l.contains("switchboard.jar")));
  }

  @Test
  void kubernetesProbesDrainsAndDiscovers() throws Exception {
    JsonObject pod = DeployFiles.kubernetes("Deployment", "switchboard").getJsonObject("spec").getJsonObject("template");
    JsonObject container = pod.getJsonObject("spec").getJsonArray("containers").getJsonObject(0);
    assertEquals("/readyz", container.getJsonObject("readinessProbe").getJsonObject("httpGet").getString("path"));
    JsonObject values = new JsonObject();
    container.getJsonArray("env").forEach(e -> values.put(((JsonObject) e).getString("name"),
      ((JsonObject) e).getValue("value")));
    assertTrue(values.getString("JAVA_OPTS", "").contains(readmeJvmOptions()), "the README's JVM options: " + values);
    assertEquals(readmeMallocArenas(), values.getString("MALLOC_ARENA_MAX"), "the README's malloc arenas");
    assertEquals("/healthz", container.getJsonObject("livenessProbe").getJsonObject("httpGet").getString("path"));
    assertTrue(container.getJsonObject("readinessProbe").getInteger("timeoutSeconds") * 1000
      > NodeReadiness.CHECK_TIMEOUT_MS, "the probe waits longer than one check may take");
    JsonArray preStop = container.getJsonObject("lifecycle").getJsonObject("preStop").getJsonObject("exec")
      .getJsonArray("command");
    assertEquals("sleep", preStop.getString(0));
    int drainSeconds = configMapFile().getJsonObject("shutdown").getInteger("drainSeconds");
    int grace = pod.getJsonObject("spec").getInteger("terminationGracePeriodSeconds");
    assertTrue(grace >= Integer.parseInt(preStop.getString(1)) + drainSeconds + 10,
      "the grace period " + grace + " s leaves the preStop, the drain and the usage flush their time");

    // the mounted files are where the arguments and the configuration say
    String mountPath = container.getJsonArray("volumeMounts").stream().map(JsonObject.class::cast)
      .filter(m -> "config".equals(m.getString("name"))).findFirst().orElseThrow().getString("mountPath");
    assertEquals(List.of("--config", mountPath + "/switchboard.yaml"), container.getJsonArray("args").getList());
    assertEquals(mountPath + "/hazelcast.xml",
      configMapFile().getJsonObject("cluster").getJsonObject("hazelcast").getString("config"));

    JsonObject headless = DeployFiles.kubernetes("Service", "switchboard-hazelcast").getJsonObject("spec");
    assertEquals("None", headless.getString("clusterIP"));
    assertTrue(headless.getBoolean("publishNotReadyAddresses"), "a pod is ready only once it found the others");
    String namespace = DeployFiles.kubernetes("Deployment", "switchboard").getJsonObject("metadata")
      .getString("namespace");
    assertEquals("switchboard-hazelcast." + namespace + ".svc.cluster.local",
      hazelcastXml().getElementsByTagName("service-dns").item(0).getTextContent());

    Map<String, Object> podLabels = pod.getJsonObject("metadata").getJsonObject("labels").getMap();
    for (String kind : List.of("Service", "PodDisruptionBudget", "ServiceMonitor")) {
      for (JsonObject object : DeployFiles.kubernetes()) {
        if (kind.equals(object.getString("kind"))) {
          JsonObject spec = object.getJsonObject("spec");
          JsonObject selector = spec.getJsonObject("selector");
          Map<String, Object> wanted = selector.containsKey("matchLabels") ? selector.getJsonObject("matchLabels")
            .getMap() : selector.getMap();
          if (!"ServiceMonitor".equals(kind)) {
            assertTrue(podLabels.entrySet().containsAll(wanted.entrySet()), kind + " selects the pods: " + wanted);
          }
        }
      }
    }
    Set<String> secretKeys = DeployFiles.kubernetes("Secret", "switchboard").getJsonObject("stringData").fieldNames();
    for (Object env : container.getJsonArray("env")) {
      JsonObject from = ((JsonObject) env).getJsonObject("valueFrom");
      if (from != null && from.containsKey("secretKeyRef")) {
        assertTrue(secretKeys.contains(from.getJsonObject("secretKeyRef").getString("key")), env.toString());
      }
    }
  }

  @Test
  void composeRunsTwoClusteredGatewaysScrapedByPrometheusWithTheDashboardProvisioned() {
    JsonObject services = DeployFiles.yaml(Path.of("docker-compose.yml")).get(0).getJsonObject("services");
    assertTrue(services.fieldNames().containsAll(List.of("postgres", "redis", "prometheus", "grafana")));
    List<String> gateways = services.fieldNames().stream().filter(s -> s.startsWith("gateway")).sorted().toList();
    assertEquals(2, gateways.size(), gateways.toString());
    for (String gateway : gateways) {
      JsonObject env = services.getJsonObject(gateway).getJsonObject("environment");
      assertEquals("true", env.getString("SB_CLUSTER_ENABLED"));
      assertEquals(gateway, env.getString("SB_CLUSTER_PUBLICHOST"));
      assertTrue(env.getString("SB_CLUSTER_HAZELCAST_MEMBERS").contains(gateway));
      assertTrue(DeployFiles.yaml(Path.of("prometheus/prometheus.yml")).get(0).encode().contains(gateway + ":8080"),
        "Prometheus scrapes " + gateway);
      int grace = Integer.parseInt(services.getJsonObject(gateway).getString("stop_grace_period").replace("s", ""));
      assertTrue(grace >= Integer.parseInt(env.getString("SB_SHUTDOWN_DRAINSECONDS")) + 10,
        "docker stop waits for the drain and the usage flush: " + grace + " s");
    }
    JsonArray grafanaVolumes = services.getJsonObject("grafana").getJsonArray("volumes");
    assertTrue(grafanaVolumes.stream().anyMatch(v -> v.toString().startsWith("./grafana/switchboard.json:")));
    assertTrue(grafanaVolumes.stream().anyMatch(v -> v.toString().startsWith("./grafana/provisioning:")));
  }

  /** Every SB_ name the gateway reads: each config key's (plain and split camelCase) and the ${env:...} defaults. */
  static Set<String> knownEnvironment() {
    Set<String> names = new TreeSet<>();
    JsonObject defaults = GatewayConfig.Defaults.get();
    JsonObject providers = defaults.getJsonObject("providers");
    for (String kind : providers.fieldNames()) {
      if (providers.getValue(kind) instanceof JsonObject section && !"defaults".equals(kind)) {
        providers.put(kind, providers.getJsonObject("defaults").copy().mergeIn(section, true));
      }
    }
    keys(defaults, "", names);
    Matcher refs = ENV_REF.matcher(DeployFiles.read(DeployFiles.ROOT.resolve("conf/switchboard.yaml")));
    while (refs.find()) {
      names.add(refs.group(1));
    }
    return names;
  }

  private static void keys(JsonObject section, String path, Set<String> names) {
    for (String key : section.fieldNames()) {
      String keyPath = path.isEmpty() ? key : path + "." + key;
      if (section.getValue(key) instanceof JsonObject nested) {
        if (!"bootstrap".equals(key)) {
          keys(nested, keyPath, names);
        }
        continue;
      }
      names.add("SB_" + keyPath.toUpperCase(Locale.ROOT).replace('.', '_'));
      names.add("SB_" + keyPath.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT).replace('.', '_'));
    }
  }

  private static Map<String, String> composeEnvironment() {
    Map<String, String> env = new HashMap<>();
    JsonObject compose = DeployFiles.yaml(Path.of("docker-compose.yml")).get(0);
    for (String service : compose.getJsonObject("services").fieldNames()) {
      Object value = compose.getJsonObject("services").getJsonObject(service).getValue("environment");
      if (value instanceof JsonObject map && service.startsWith("gateway")) {
        map.forEach(e -> env.put(e.getKey(), String.valueOf(e.getValue())));
      }
    }
    return env;
  }

  /** The container's env; values from the Secret or the downward API as placeholders. */
  private static Map<String, String> deploymentEnvironment() {
    Map<String, String> env = new HashMap<>();
    JsonObject container = DeployFiles.kubernetes("Deployment", "switchboard").getJsonObject("spec")
      .getJsonObject("template").getJsonObject("spec").getJsonArray("containers").getJsonObject(0);
    for (Object entry : container.getJsonArray("env")) {
      JsonObject e = (JsonObject) entry;
      env.put(e.getString("name"), e.getString("value", "from-" + e.getString("name")));
    }
    return env;
  }

  private static Map<String, String> dockerfileEnvironment() {
    Map<String, String> env = new HashMap<>();
    Matcher m = Pattern.compile("(\\w+)=(\"[^\"]*\"|\\S+)").matcher("");
    for (String line : DeployFiles.dockerfile()) {
      if (line.startsWith("ENV ")) {
        m.reset(line.substring(4));
        while (m.find()) {
          env.put(m.group(1), m.group(2));
        }
      }
    }
    return env;
  }

  /** Compose's own ${VAR:?message} become what the operator exports. */
  private static Map<String, String> withoutComposeReferences(Map<String, String> env) {
    Map<String, String> plain = new HashMap<>();
    env.forEach((k, v) -> plain.put(k, v.startsWith("${") ? "exported-" + k : v));
    return plain;
  }

  private static JsonObject configMapFile() {
    String file = DeployFiles.kubernetes("ConfigMap", "switchboard").getJsonObject("data").getString("switchboard.yaml");
    return new JsonObject(new Yaml().<Map<String, Object>>load(file));
  }

  private static Document hazelcastXml() throws Exception {
    String xml = DeployFiles.kubernetes("ConfigMap", "switchboard").getJsonObject("data").getString("hazelcast.xml");
    return DocumentBuilderFactory.newInstance().newDocumentBuilder()
      .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
  }

  /** The JVM options of the README's first command: between {@code java} and {@code -jar}. */
  static String readmeJvmOptions() {
    String run = readmeRunCommand();
    return run.substring(run.indexOf("java ") + "java ".length(), run.indexOf(" -jar")).trim();
  }

  /** The {@code MALLOC_ARENA_MAX} the README's first command sets. */
  static String readmeMallocArenas() {
    Matcher m = Pattern.compile("MALLOC_ARENA_MAX=(\\d+)").matcher(readmeRunCommand());
    if (!m.find()) {
      throw new AssertionError("the README's run command sets no MALLOC_ARENA_MAX");
    }
    return m.group(1);
  }

  /** The JDK the README's table of deploy files says the Dockerfile's image runs on. */
  static String readmeImageJdk() {
    Matcher m = Pattern.compile("runs the jar on a JDK (\\d+) runtime").matcher(
      DeployFiles.read(DeployFiles.ROOT.resolve("README.md")));
    if (!m.find()) {
      throw new AssertionError("README.md does not say which JDK the Dockerfile's image runs on");
    }
    return m.group(1);
  }

  /** The run half of the README's first command: what follows its {@code &&}. */
  static String readmeRunCommand() {
    return readmeFirstCommand().split("&&")[1].trim();
  }

  /** The build half of the README's first command: {@code mvn ... package ...} before its {@code &&}. */
  static String readmeBuildCommand() {
    return readmeFirstCommand().split("&&")[0].trim();
  }

  /** The README's first command, {@code mvn ... package ... && java ...}, without its comment. */
  private static String readmeFirstCommand() {
    for (String line : DeployFiles.read(DeployFiles.ROOT.resolve("README.md")).split("\n")) {
      if (line.startsWith("mvn ") && line.contains(" package") && line.contains("&&")) {
        return line.replaceAll("#.*", "");
      }
    }
    throw new AssertionError("README.md has no mvn ... package && java ... command");
  }

}
