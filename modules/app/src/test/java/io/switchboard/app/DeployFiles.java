package io.switchboard.app;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/** The files under {@code deploy/} read as what they are: YAML documents, the dashboard's JSON, Dockerfile lines. */
final class DeployFiles {
  static final Path ROOT = Path.of("../..");
  static final Path DEPLOY = ROOT.resolve("deploy");
  private static final Pattern METRIC = Pattern.compile("\\b((?:sb|vertx|netty|jvm)_[a-z0-9_]+)\\b");

  private DeployFiles() {
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every file under deploy/, relative to it. */
  static List<Path> all() {
    try (var files = Files.walk(DEPLOY)) {
      return files.filter(Files::isRegularFile).map(DEPLOY::relativize).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every YAML document of one file (Kubernetes files may hold several), as JSON. */
  static List<JsonObject> yaml(Path relative) {
    List<JsonObject> documents = new ArrayList<>();
    for (Object document : new Yaml().loadAll(read(DEPLOY.resolve(relative)))) {
      if (document != null) {
        documents.add(json(document));
      }
    }
    return documents;
  }

  /** Every Kubernetes object under deploy/k8s. */
  static List<JsonObject> kubernetes() {
    List<JsonObject> objects = new ArrayList<>();
    for (Path file : all()) {
      if (file.startsWith("k8s")) {
        objects.addAll(yaml(file));
      }
    }
    return objects;
  }

  static JsonObject kubernetes(String kind, String name) {
    return kubernetes().stream().filter(o -> kind.equals(o.getString("kind"))
        && name.equals(o.getJsonObject("metadata").getString("name"))).findFirst()
      .orElseThrow(() -> new AssertionError("deploy/k8s has no " + kind + " " + name));
  }

  static JsonObject dashboard() {
    return new JsonObject(read(DEPLOY.resolve("grafana/switchboard.json")));
  }

  /** The PromQL of every panel of the dashboard. */
  static List<String> dashboardQueries() {
    List<String> queries = new ArrayList<>();
    for (Object panel : dashboard().getJsonArray("panels")) {
      for (Object target : ((JsonObject) panel).getJsonArray("targets", new JsonArray())) {
        queries.add(((JsonObject) target).getString("expr"));
      }
    }
    return queries;
  }

  /** The metric names the dashboard queries (Prometheus series names, e.g. {@code sb_requests_total}). */
  static Set<String> dashboardMetrics() {
    Set<String> names = new TreeSet<>();
    for (String query : dashboardQueries()) {
      Matcher m = METRIC.matcher(query);
      while (m.find()) {
        names.add(m.group(1));
      }
    }
    return names;
  }

  /** The Dockerfile's instructions, continuation lines joined, comments left out. */
  static List<String> dockerfile() {
    List<String> instructions = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : read(DEPLOY.resolve("Dockerfile")).split("\n")) {
      String trimmed = line.trim();
      if (trimmed.startsWith("#") || trimmed.isEmpty() && current.isEmpty()) {
        continue;
      }
      boolean continues = trimmed.endsWith("\\");
      current.append(continues ? trimmed.substring(0, trimmed.length() - 1).trim() + " " : trimmed);
      if (!continues) {
        instructions.add(current.toString().trim());
        current.setLength(0);
      }
    }
    return instructions;
  }

  @SuppressWarnings("unchecked")
  private static JsonObject json(Object yaml) {
    return new JsonObject((Map<String, Object>) yaml);
  }
}
