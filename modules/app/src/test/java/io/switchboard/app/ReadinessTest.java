package io.switchboard.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.app.GatewayHarness.Reply;
import io.switchboard.testkit.MockUpstream;
import io.switchboard.testkit.StallingProxy;
import io.switchboard.testkit.TestStorage;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code /readyz} as a load balancer or Kubernetes sees it: 200 with every check while the node can serve; 503 naming
 * the failing check while Redis is down, while PostgreSQL stops answering, or while a role of the node is not
 * deployed; 200 again once each is back. The same answer on the admin port.
 */
@ExtendWith({VertxExtension.class, TestStorage.class})
class ReadinessTest {
  private GatewayHarness gw;
  private StallingProxy postgres;
  private HttpClient adminClient;
  private boolean redisStopped;

  @AfterEach
  void stop() throws Exception {
    if (redisStopped) {
      TestStorage.startRedis(); // a failed test leaves the shared Redis running for the next
    }
    if (gw != null) {
      gw.stop().await(30, TimeUnit.SECONDS);
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void readyUntilAStoreOrARoleGoesAndReadyAgainWhenItIsBack(Vertx vertx) throws Exception {
    URI pg = URI.create(TestStorage.postgresUrl());
    postgres = StallingProxy.to(vertx, pg.getPort());
    MockUpstream mock = MockUpstream.start(vertx).await();
    int port = GatewayHarness.freePort();
    JsonObject config = GatewayHarness.config(mock.baseUrl(), port, new JsonObject().put("storage", new JsonObject()
      .put("postgres", new JsonObject().put("url", TestStorage.postgresUrl().replace(":" + pg.getPort() + "/",
        ":" + postgres.port() + "/")).put("acquireTimeoutMs", 1000))));
    gw = new GatewayHarness(vertx, mock, Gateway.start(vertx, config).await(60, TimeUnit.SECONDS), port);
    adminClient = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1")
      .setDefaultPort(config.getJsonObject("admin").getInteger("port")));

    JsonObject ready = awaitReadiness(200);
    assertEquals(List.of("postgres", "redis", "roles", "deployments"), names(ready.getJsonArray("checks")));
    assertEquals(new JsonArray(), ready.getJsonArray("failing"));
    assertEquals("ready", ready.getString("status"));
    assertEquals(200, admin().status(), "the admin port answers the same");

    TestStorage.stopRedis();
    redisStopped = true;
    JsonObject noRedis = awaitReadiness(503);
    assertEquals(new JsonArray().add("redis"), noRedis.getJsonArray("failing"), noRedis.encode());
    assertEquals("not_ready", noRedis.getString("status"));
    assertEquals(503, admin().status());
    TestStorage.startRedis();
    redisStopped = false;
    awaitReadiness(200);

    postgres.stall(); // PostgreSQL accepts and never answers
    JsonObject silentPostgres = awaitReadiness(503);
    assertEquals(new JsonArray().add("postgres"), silentPostgres.getJsonArray("failing"), silentPostgres.encode());
    postgres.resume();
    awaitReadiness(200);

    gw.gateway.undeploy("cron").await(10, TimeUnit.SECONDS);
    JsonObject noCron = awaitReadiness(503);
    assertEquals(new JsonArray().add("roles"), noCron.getJsonArray("failing"));
    assertEquals("not deployed: cron", noCron.getJsonArray("checks").getJsonObject(2).getString("detail"));
  }

  /** Asks until the answer has this status (each answer comes within the checks' 2 s bound), at most 20 s. */
  private JsonObject awaitReadiness(int status) throws Exception {
    long deadline = System.currentTimeMillis() + 20_000;
    Reply reply = gw.get("/readyz", null).await(10, TimeUnit.SECONDS);
    while (reply.status() != status && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
      reply = gw.get("/readyz", null).await(10, TimeUnit.SECONDS);
    }
    assertEquals(status, reply.status(), reply.body().toString());
    assertEquals("application/json", reply.headers().get("content-type"));
    return reply.json();
  }

  private Reply admin() throws Exception {
    return GatewayHarness.exchange(gw.vertx, adminClient, new RequestOptions().setMethod(HttpMethod.GET)
      .setURI("/readyz"), null).await(10, TimeUnit.SECONDS);
  }

  private static List<String> names(JsonArray checks) {
    return checks.stream().map(c -> ((JsonObject) c).getString("name")).toList();
  }
}
