package io.switchboard.app;

import static io.switchboard.app.AdapterJars.OLLAMA_MODEL;
import static io.switchboard.app.GatewayHarness.CLIENT_KEY;
import static io.switchboard.testkit.TestStorage.awaitRows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.app.GatewayHarness.Reply;
import io.switchboard.providers.core.AdapterApi;
import io.switchboard.testkit.MockBehavior;
import io.switchboard.testkit.ReceivedRequest;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An adapter from a jar swapped at runtime: version 2 deployed beside version 1 in a class loader of its own, then
 * version 1 undeployed and its classes unloaded; bad jars refused with their reason while the running one serves on.
 */
class AdapterRedeployTest extends GatewayTest {
  private static final String OLLAMA_CLASS = "io.switchboard.adapters.ollama.OllamaProviderVerticle";
  @TempDir
  Path dir;

  /** An account of provider ollama from the bootstrap, on the mock's native API. */
  @Override
  protected JsonObject overrides() {
    return new JsonObject().put("bootstrap", new JsonObject().put("accounts", new JsonArray().add(new JsonObject()
      .put("name", "local-ollama").put("provider", "ollama").put("baseUrl", "${env:MOCK_ROOT}")
      .put("models", new JsonArray().add(OLLAMA_MODEL)))));
  }

  @Test
  void redeployingToVersionTwoSwapsClassLoadersAndUndeployUnloadsTheOld(Vertx vertx) throws Exception {
    assertThrows(ClassNotFoundException.class, () -> Class.forName(OLLAMA_CLASS), "never on the app's class path");
    AdapterJar v1 = AdapterJar.open(AdapterJars.OLLAMA_V1);
    assertEquals(List.of("ollama", "1.0.0"), List.of(v1.kind(), v1.version()));
    WeakReference<ClassLoader> v1Loader = new WeakReference<>(v1.classLoader());
    String v1Id = gw.gateway.deployAdapter(v1, 2).await();
    v1 = null; // the gateway holds it now, until undeploy
    assertEquals("switchboard-ollama/1.0.0", userAgentOfOneCall());

    AdapterJar v2 = AdapterJar.open(AdapterJars.OLLAMA_V2);
    assertEquals("2.0.0", v2.version());
    assertNotSame(v1Loader.get(), v2.classLoader());
    assertNotSame(v1Loader.get().loadClass(OLLAMA_CLASS), v2.classLoader().loadClass(OLLAMA_CLASS),
      "two versions of one class side by side");
    String v2Id = gw.gateway.deployAdapter(v2, 1).await(); // the new version first, then the old one leaves
    gw.gateway.undeployAdapter(v1Id).await();
    assertEquals(List.of("stopped", "running"), List.of(gw.gateway.deployments().find(v1Id).state,
      gw.gateway.deployments().find(v2Id).state), "the deployments API's ids");
    assertEquals("switchboard-ollama/2.0.0", userAgentOfOneCall());
    assertEquals("switchboard-ollama/2.0.0", userAgentOfOneCall());
    AdapterJars.assertCollected(v1Loader, "version 1 after its undeploy");

    WeakReference<ClassLoader> v2Loader = new WeakReference<>(v2.classLoader());
    v2 = null;
    gw.gateway.undeployAdapter(v2Id).await();
    AdapterJars.assertCollected(v2Loader, "version 2 after its undeploy");
    Reply unserved = gw.post("/v1/chat/completions", CLIENT_KEY, GatewayHarness.chat(OLLAMA_MODEL, false, null))
      .await();
    assertEquals(503, unserved.status(), unserved.body().toString());
    assertEquals(List.of("200", "200", "200", "503"),
      awaitRows("select status from usage_log order by status", 4));
  }

  @Test
  void badJarsAreRefusedWithTheirReasonAndTheRunningAdapterServesOn(Vertx vertx) throws Exception {
    String running = gw.gateway.deployAdapter(AdapterJars.OLLAMA_V1.toString(), 1).await();
    Set<String> before = Set.copyOf(vertx.deploymentIDs());

    Path noDescriptor = AdapterJars.withDescriptor(AdapterJars.OLLAMA_V2, dir.resolve("bare.jar"), null);
    assertRefused(noDescriptor.toString(), "adapter jar bare.jar: no descriptor " + AdapterApi.DESCRIPTOR);
    Path otherApi = AdapterJars.withDescriptor(AdapterJars.OLLAMA_V2, dir.resolve("future.jar"),
      AdapterJars.descriptor("ollama", "3.0.0", AdapterApi.VERSION + 1, OLLAMA_CLASS));
    assertRefused(otherApi.toString(), "adapter jar future.jar: built against adapter API " + (AdapterApi.VERSION + 1)
      + ", this gateway offers adapter API " + AdapterApi.VERSION);
    assertRefused(dir.resolve("absent.jar").toString(), "adapter jar absent.jar: no such file");

    WeakReference<ClassLoader> failingLoader = deployFailing();

    assertEquals(before, Set.copyOf(vertx.deploymentIDs()), "nothing running changed");
    assertEquals("running", gw.gateway.deployments().find(running).state);
    assertEquals("switchboard-ollama/1.0.0", userAgentOfOneCall());
    AdapterJars.assertCollected(failingLoader, "the jar whose verticle did not start");
  }

  /** Deploys the jar whose verticle fails to start; answers its class loader, weakly (this frame holds none). */
  private WeakReference<ClassLoader> deployFailing() throws Exception {
    AdapterJar failing = AdapterJar.open(AdapterJars.failingToStart(dir));
    WeakReference<ClassLoader> loader = new WeakReference<>(failing.classLoader());
    AdapterJarRefused refused = assertThrows(AdapterJarRefused.class,
      () -> gw.gateway.deployAdapter(failing, 1).await());
    assertEquals("adapter broken 0.1.0 (broken.jar) did not start: its model store is unreachable",
      refused.getMessage());
    return loader;
  }

  private void assertRefused(String jar, String reason) {
    AdapterJarRefused refused = assertThrows(AdapterJarRefused.class, () -> gw.gateway.deployAdapter(jar, 1).await());
    assertEquals(reason, refused.getMessage());
  }

  /** One chat call through the ollama account; the adapter version the mock saw in its User-Agent. */
  private String userAgentOfOneCall() {
    gw.mock.reset();
    gw.mock.respond(MockBehavior.ok().withChunks(2));
    Reply reply = gw.post("/v1/chat/completions", CLIENT_KEY, GatewayHarness.chat(OLLAMA_MODEL, true, null)).await();
    assertEquals("tok0 tok1 ", AdapterFromJarTest.sseText(reply, e -> e.getJsonArray("choices").isEmpty() ? null
      : e.getJsonArray("choices").getJsonObject(0).getJsonObject("delta").getString("content")));
    List<ReceivedRequest> received = gw.mock.received();
    assertEquals(1, received.size());
    return received.get(0).headers().get("user-agent");
  }
}
