package io.switchboard.app;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One Switchboard node in a JVM of its own, started from the built jar ({@code java -jar switchboard.jar --config}),
 * its output kept in a log file beside its configuration.
 */
final class NodeProcess {
  final String name;
  final Path log;
  private final Process process;

  private NodeProcess(String name, Path log, Process process) {
    this.name = name;
    this.log = log;
    this.process = process;
  }

  /**
   * Writes {@code config} (JSON is YAML) under {@code dir} and starts the jar on it with {@code env} added and
   * {@code properties} as system properties; without the start's warm-up unless {@code config} asks for it
   * (WarmupTest covers it).
   */
  static NodeProcess start(String name, Path jar, Path dir, JsonObject config, Map<String, String> env,
                           Map<String, String> properties) throws IOException {
    return start(name, jar, dir, config, env, properties, List.of("-Xmx256m", "-XX:+UseParallelGC",
      "-XX:TieredStopAtLevel=1"));
  }

  /** {@link #start}, the JVM started with {@code jvmOptions} (e.g. the README's heap) before the properties. */
  static NodeProcess start(String name, Path jar, Path dir, JsonObject config, Map<String, String> env,
                           Map<String, String> properties, List<String> jvmOptions) throws IOException {
    Path file = dir.resolve(name + ".yaml");
    JsonObject written = config.copy();
    if (!written.containsKey("warmup")) {
      written.put("warmup", new JsonObject().put("seconds", 0));
    }
    Files.writeString(file, written.encodePrettily());
    Path log = dir.resolve(name + ".log");
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(jvmOptions);
    // Vert.x' file cache under the run's directory: a node killed outright cannot remove its own
    command.add("-Dvertx.cacheDirBase=" + dir.resolve(name + "-vertx-cache"));
    properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
    command.addAll(List.of("-jar", jar.toString(), "--config", file.toString()));
    ProcessBuilder builder = new ProcessBuilder(command)
      .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(env);
    return new NodeProcess(name, log, builder.start());
  }

  /** Waits until the node says it runs (or fails the test with its log when it exits or takes too long). */
  void awaitRunning(long timeoutMs) throws IOException, InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (!output().contains("Switchboard running")) {
      if (!process.isAlive() || System.currentTimeMillis() > deadline) {
        throw new AssertionError(name + " did not start:\n" + output());
      }
      Thread.sleep(100);
    }
  }

  String output() throws IOException {
    return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
  }

  /** SIGKILL: the node disappears mid-flight, as a crashed machine would. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGTERM: the node drains and leaves; waits for it to exit, and says with what status (-1: killed after 60 s). */
  int stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return -1;
    }
    return process.exitValue();
  }
}
