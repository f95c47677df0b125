package io.switchboard.app;

import static io.switchboard.app.GatewayHarness.CLIENT_KEY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.switchboard.testkit.MockBehavior;
import io.switchboard.testkit.ReceivedRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
    Path work = Files.createTempDirectory("sb-codex-work");

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

  private Run codex(Path project, Path work, String model, String prompt) throws Exception {
    Path home = Files.createTempDirectory("sb-codex-home");
    List<String> command = List.of(project.resolve("node_modules/.bin/codex").toString(), "exec",
      "--skip-git-repo-check", "--sandbox", "danger-full-access", "-C", work.toString(),
      "-c", "model_providers.sb={name=\"sb\",base_url=\"http://127.0.0.1:" + gw.port
        + "/v1\",env_key=\"SB_KEY\",wire_api=\"responses\"}",
      "-c", "model_provider=sb",
      // nothing but the gateway: no analytics, update check, feedback or plugin sync
      "-c", "analytics.enabled=false", "-c", "check_for_update_on_startup=false", "-c", "feedback.enabled=false",
      "--disable", "plugins", "--disable", "remote_plugin", "--disable", "apps",
      "-m", model, prompt);
    return run(work, command, Map.of("CODEX_HOME", home.toString(), "SB_KEY", CLIENT_KEY));
  }

  /** How a client process ended: its exit code and everything it printed. */
  private record Run(int exitCode, String output) {
  }

  private static Run run(Path dir, List<String> command, Map<String, String> env) throws Exception {
    Path output = Files.createTempFile("sb-client", ".log");
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
