package io.switchboard.app;

import static io.switchboard.app.GatewayHarness.CLIENT_KEY;
import static io.switchboard.app.GatewayHarness.chat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testkit.MockBehavior;
import io.switchboard.testkit.MockUpstream;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.KeyStoreOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An account whose calls leave through a loopback HTTP CONNECT proxy to an HTTPS upstream: chat and probes tunnel
 * through it with the proxy's credentials, the account's static headers arrive, the proxy URL is only ever shown
 * masked, and an account without a proxy of its own uses its group's. The upstream's certificate is a test-only
 * self-signed one (src/test/resources/tls), trusted through the JVM's trust store for this class.
 */
class OutboundProxyTest extends AdminTest {
  private static final String MODEL = "tls-model";
  private static final String PROXY_PASSWORD = "proxy-secret-9c1";
  private static final Map<String, String> TRUST = Map.of("javax.net.ssl.trustStore", resource("tls/trust.p12"),
    "javax.net.ssl.trustStorePassword", "test-only-trust", "javax.net.ssl.trustStoreType", "PKCS12");
  private final List<MultiMap> received = new ArrayList<>();
  private HttpServer upstream;
  private ConnectProxy proxy;

  private static String resource(String name) {
    try {
      return Path.of(OutboundProxyTest.class.getClassLoader().getResource(name).toURI()).toString();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @BeforeAll
  static void trustTheTestUpstream() {
    TRUST.forEach(System::setProperty);
  }

  @AfterAll
  static void forgetIt() {
    TRUST.keySet().forEach(System::clearProperty);
  }

  @BeforeEach
  void upstreamAndProxy() {
    upstream = gw.vertx.createHttpServer(new HttpServerOptions().setSsl(true).setKeyCertOptions(
        new KeyStoreOptions().setType("PKCS12").setPath(resource("tls/upstream.p12")).setPassword("test-only-upstream")))
      .requestHandler(request -> request.body().onSuccess(body -> {
        synchronized (received) {
          received.add(MultiMap.caseInsensitiveMultiMap().addAll(request.headers()));
        }
        request.response().putHeader("content-type", "application/json")
          .end(MockUpstream.completionJson(MODEL, MockBehavior.ok()));
      }))
      .listen(0, "127.0.0.1").await();
    proxy = ConnectProxy.start(gw.vertx).await();
  }

  @AfterEach
  void closeThem() {
    upstream.close().await();
    proxy.close().await();
  }

  private String upstreamTarget() {
    return "127.0.0.1:" + upstream.actualPort();
  }

  @Test
  void anAccountsCallsAndProbesTunnelThroughItsProxyWithItsHeaders() throws Exception {
    String token = admin.loginAdmin();
    String proxyUrl = "http://gateway:" + PROXY_PASSWORD + "@127.0.0.1:" + proxy.port();
    GatewayHarness.Reply created = admin.post("/admin/accounts", token, new JsonObject().put("name", "behind-proxy")
      .put("provider", "openai").put("baseUrl", "https://" + upstreamTarget() + "/v1").put("apiKey", "sk-tls-0001")
      .put("models", new JsonArray().add(MODEL)).put("proxy", proxyUrl)
      .put("headers", new JsonObject().put("OpenAI-Organization", "org-of-the-account")));
    assertEquals(201, created.status(), created.body().toString());
    assertEquals("http://***@127.0.0.1:" + proxy.port(), created.json().getString("proxy"));
    assertFalse(created.body().toString().contains(PROXY_PASSWORD), "the proxy's password is never answered");
    ModelsPolling.awaitModel(gw, MODEL);

    GatewayHarness.Reply answered = gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, false, null)).await();

    assertEquals(200, answered.status(), answered.body().toString());
    List<ConnectProxy.Tunnel> tunnels = proxy.tunnels();
    assertEquals(upstreamTarget(), tunnels.get(0).target(), "the call tunnelled through the proxy");
    assertEquals("Basic " + Base64.getEncoder().encodeToString(("gateway:" + PROXY_PASSWORD)
      .getBytes(StandardCharsets.UTF_8)), tunnels.get(0).authorization(), "with the proxy's credentials");
    MultiMap headers = received.get(0);
    assertEquals("Bearer sk-tls-0001", headers.get("authorization"));
    assertEquals("org-of-the-account", headers.get("openai-organization"), "the account's own header");

    long id = created.json().getLong("id");
    GatewayHarness.Reply tested = admin.post("/admin/accounts/" + id + "/test", token, null);
    assertTrue(tested.json().getBoolean("ok"), tested.body().toString());
    assertEquals(2, received.size(), "the probe reached the upstream");
    assertTrue(proxy.tunnels().size() >= 1 && admin.seen().stream().noneMatch(s -> s.contains(PROXY_PASSWORD)));
  }

  @Test
  void anAccountWithoutAProxyUsesItsGroups() throws Exception {
    String token = admin.loginAdmin();
    GatewayHarness.Reply group = admin.call(HttpMethod.PATCH, "/admin/groups/default", token,
      new JsonObject().put("proxy", "http://127.0.0.1:" + proxy.port()));
    assertEquals(200, group.status(), group.body().toString());
    assertEquals("http://127.0.0.1:" + proxy.port(), group.json().getString("proxy"));
    GatewayHarness.Reply created = admin.post("/admin/accounts", token, new JsonObject().put("name", "inherits")
      .put("provider", "openai").put("baseUrl", "https://" + upstreamTarget() + "/v1").put("apiKey", "sk-tls-0002")
      .put("models", new JsonArray().add(MODEL)));
    assertNull(created.json().getString("proxy"));
    assertEquals("http://127.0.0.1:" + proxy.port(), created.json().getString("groupProxy"));
    ModelsPolling.awaitModel(gw, MODEL);

    assertEquals(200, gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, false, null)).await().status());

    assertEquals(List.of(new ConnectProxy.Tunnel(upstreamTarget(), null)), proxy.tunnels(),
      "through the group's proxy, which has no credentials");

    assertEquals(200, admin.post("/admin/security/master-key/rotate", token, null).status());
    JsonArray groups = new JsonArray(admin.get("/admin/groups", token).body());
    assertEquals("http://127.0.0.1:" + proxy.port(), groups.getJsonObject(0).getString("proxy"),
      "a rotation re-encrypts proxies with the credentials");
    assertEquals(200, gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, false, null)).await().status());
  }
}
