package io.switchboard.app;

import static io.switchboard.app.GatewayHarness.CLIENT_KEY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.switchboard.testkit.MockBehavior;
import io.switchboard.testkit.MockResponses;
import io.switchboard.testkit.ReceivedRequest;
import io.switchboard.testkit.TempDirs;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real clients of the Responses API against a running gateway, one model served natively by an OpenAI account
 * and one by an Anthropic account through conversion: the official OpenAI SDK ({@code .ci/sdk-check/responses.mjs})
 * and Codex CLI ({@code .ci/codex-check}), a plain turn and one with a round trip through its shell tool. They run
 * when node and the packages are installed ({@code npm install} in those directories, as {@code .ci/run} does), and
 * are skipped otherwise.
 */
class ResponsesClientsTest extends GatewayTest {
  private static final List<String> MODELS = List.of("gpt-codex", "claude-codex");
  private static final String TOOL_OUTPUT = "sb-tool-round-trip";

  @Override
  protected JsonObject overrides() {
    JsonArray accounts = new JsonArray()
      .add(new JsonObject().put("name", "openai").put("provider", "openai").put("baseUrl", "${env:MOCK_ROOT}/v1")
        .put("apiKey", "k-openai").put("models", new JsonArray().add("gpt-codex")))
      .add(new JsonObject().put("name", "anthropic").put("provider", "anthropic").put("baseUrl", "${env:MOCK_ROOT}")
        .put("apiKey", "k-anthropic").put("models", new JsonArray().add("claude-codex")));
    return new JsonObject().put("bootstrap", new JsonObject().put("accounts", accounts));
  }

  @ParameterizedTest
  @ValueSource(strings = {"text", "tool"})
  void theOpenAiSdkCreatesStreamsAndKeepsResponses(String mode) throws Exception {
    Path project = project("sdk-check", "node_modules/openai/package.json");
    MockBehavior answer = MockBehavior.ok().withChunks(3).withUsage(12, 3, 0);
    gw.mock.respond(mode.equals("tool") ? answer.withToolCall("get_weather", "{\"city\":\"Paris\"}") : answer);
    List<String> command = new ArrayList<>(List.of("node", "responses.mjs", mode));
    command.addAll(MODELS);

    Run run = run(project, command, Map.of("SB_BASE", "http://127.0.0.1:" + gw.port + "/v1", "SB_KEY", CLIENT_KEY));

    assertEquals(0, run.exitCode(), run.output());
    assertTrue(run.output().lines().allMatch(line -> line.startsWith("ok ")), run.output());
    assertEquals(2 * MODELS.size(), run.output().lines().count(), run.output());
  }

  @ParameterizedTest
  @ValueSource(strings = {"gpt-codex", "claude-codex"})
  void codexCliCompletesATurnAndAToolRoundTrip(String model) throws Exception {
    Path project = project("codex-check", "node_modules/.bin/codex");
    Path work = TempDirs.create("sb-codex-work");

    gw.mock.respondNext(MockBehavior.ok().withChunks(3));
    Run plain = codex(project, work, model, "Say hello.");
    assertEquals(0, plain.exitCode(), plain.output());
    assertTrue(plain.output().contains("tok0 tok1 tok2"), plain.output());

    int before = gw.mock.received().size();
    gw.mock.respondNext(MockBehavior.ok().withToolCall("exec_command",
      new JsonObject().put("cmd", "echo " + TOOL_OUTPUT).encode()), MockBehavior.ok().withChunks(3));
    Run tool = codex(project, work, model, "Run the echo command.");
    assertEquals(0, tool.exitCode(), tool.output());
    assertTrue(tool.output().contains("tok0 tok1 tok2"), tool.output());
    List<ReceivedRequest> turns = gw.mock.received().subList(before, gw.mock.received().size());
    assertEquals(2, turns.size(), "the call, then its output: " + turns);
    assertTrue(turns.get(1).body().toString().contains(TOOL_OUTPUT), "the tool ran and its output went back upstream: "
      + turns.get(1).body());
  }

  /**
   * Codex's built-in OpenAI provider pointed at the gateway compacts a long conversation remotely: a request ending in
   * a compaction_trigger item goes to the OpenAI account as sent, and the compaction it answers comes back in the
   * next request's input, untouched (both items are OpenAI's own; a converted upstream gets neither).
   */
  @Test
  void codexsBuiltInOpenAiProviderCompactsThroughTheGateway() throws Exception {
    Path project = project("codex-check", "node_modules/.bin/codex");
    Path work = TempDirs.create("sb-codex-work");
    gw.mock.respondNext(MockBehavior.ok().withToolCall("exec_command",
      new JsonObject().put("cmd", "echo " + TOOL_OUTPUT).encode()), MockBehavior.ok());
    gw.mock.respond(MockBehavior.ok().withChunks(3));

    // any conversation is over this limit: Codex compacts once the tool's output is in, before it goes on
    Run run = codex(project, work, List.of("-c", "openai_base_url=\"http://127.0.0.1:" + gw.port + "/v1\"",
      "-c", "model_auto_compact_token_limit=10"), Map.of("CODEX_API_KEY", CLIENT_KEY), "gpt-codex",
      "Run the echo command.");

    assertEquals(0, run.exitCode(), run.output());
    assertTrue(run.output().contains("tok0 tok1 tok2"), run.output());
    assertFalse(run.output().contains("Reconnecting"),
      "told at once that the WebSocket is not served: " + run.output());
    List<JsonArray> inputs = gw.mock.received().stream().map(r -> r.json().getJsonArray("input")).toList();
    int trigger = indexOf(inputs, item -> "compaction_trigger".equals(item.getString("type")));
    assertTrue(trigger > 0, "a compaction was asked for after the first turn: " + inputs);
    int compacted = indexOf(inputs, item -> "compaction".equals(item.getString("type"))
      && MockResponses.COMPACTED.equals(item.getString("encrypted_content")));
    assertTrue(compacted > trigger, "the next request carries the compaction as OpenAI made it: " + inputs);
  }

  /** The first request whose input holds an item {@code matching}, or -1. */
  private static int indexOf(List<JsonArray> inputs, Predicate<JsonObject> matching) {
    for (int i = 0; i < inputs.size(); i++) {
      if (inputs.get(i) != null && inputs.get(i).stream().anyMatch(item -> item instanceof JsonObject o
        && matching.test(o))) {
        return i;
      }
    }
    return -1;
  }

  private Run codex(Path project, Path work, String model, String prompt) throws Exception {
    return codex(project, work, List.of("-c", "model_providers.sb={name=\"sb\",base_url=\"http://127.0.0.1:" + gw.port
      + "/v1\",env_key=\"SB_KEY\",wire_api=\"responses\"}", "-c", "model_provider=sb"),
      Map.of("SB_KEY", CLIENT_KEY), model, prompt);
  }

  /** Codex CLI's {@code exec} with these provider settings and environment, in a fresh {@code CODEX_HOME}. */
  private Run codex(Path project, Path work, List<String> provider, Map<String, String> env, String model,
                    String prompt) throws Exception {
    Path home = TempDirs.create("sb-codex-home");
    List<String> command = new ArrayList<>(List.of(project.resolve("node_modules/.bin/codex").toString(), "exec",
      "--skip-git-repo-check", "--sandbox", "danger-full-access", "-C", work.toString()));
    command.addAll(provider);
    // nothing but the gateway: no analytics, update check, feedback or plugin sync
    command.addAll(List.of("-c", "analytics.enabled=false", "-c", "check_for_update_on_startup=false",
      "-c", "feedback.enabled=false", "--disable", "plugins", "--disable", "remote_plugin", "--disable", "apps",
      "-m", model, prompt));
    Map<String, String> environment = new HashMap<>(env);
    environment.put("CODEX_HOME", home.toString());
    return run(work, command, environment);
  }

  /** How a client process ended: its exit code and everything it printed. */
  private record Run(int exitCode, String output) {
  }

  private static Run run(Path dir, List<String> command, Map<String, String> env) throws Exception {
    Path output = TempDirs.create("sb-client").resolve("client.log");
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
      .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    builder.environment().putAll(env);
    Process process = builder.start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(command.get(0) + " did not finish: " + Files.readString(output));
    }
    return new Run(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
  }

  /** The Node project under {@code .ci/}, when node and its packages are installed; else the test is skipped. */
  private static Path project(String name, String installed) throws IOException, InterruptedException {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve(".ci"))) {
      dir = dir.getParent();
    }
    assumeTrue(dir != null, "no .ci directory above " + Path.of("").toAbsolutePath());
    Path project = dir.resolve(".ci").resolve(name);
    assumeTrue(Files.exists(project.resolve(installed)), "run npm install in " + project + " first");
    boolean node;
    try {
      node = new ProcessBuilder("node", "--version").start().waitFor() == 0;
    } catch (IOException noNode) {
      node = false;
    }
    assumeTrue(node, "node is not installed");
    return project;
  }
}
