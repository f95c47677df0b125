package io.switchboard.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Nineteen wrong sign-ins at once, one fewer than an address may try in a window, on a node (the jar, a JVM of its
 * own) started with the README's heap: each password is checked and answered 401, the heap holds, and the admin's
 * sign-in, the address's twentieth, is answered. A check takes 19 MiB
 * while it runs; checked side by side on the worker pool, 12 at once answered 9 of them 500 (OutOfMemoryError), and
 * the same error could have struck any request the gateway was serving.
 */
class ConcurrentSignInsIT {
  private static final int AT_ONCE = 19; // admin.login.maxFailuresPerIp's default is 20
  private static final String ADMIN_PASSWORD = "the-admins-password-1";

  @Test
  void nineteenWrongSignInsAtOnceAreEachCheckedAtTheReadmesHeap() throws Exception {
    Path jar = Path.of(System.getProperty("switchboard.jar", "target/switchboard.jar")).toAbsolutePath();
    assertTrue(Files.isRegularFile(jar), "the jar is built before the integration tests: " + jar);
    Path runs = Files.createDirectories(jar.getParent().resolve("sign-in-it")); // stays in target/ when it fails
    Path dir = Files.createTempDirectory(runs, "run");
    JsonObject config = GatewayHarness.ownStorageConfig("http://127.0.0.1:9/v1", GatewayHarness.freePort(),
      new JsonObject().put("storage", new JsonObject().put("dataDir", dir.resolve("data").toString())
        .put("embedded", new JsonObject().put("postgresPort", GatewayHarness.freePort())
          .put("redisPort", GatewayHarness.freePort()))));
    JsonObject admin = config.getJsonObject("admin")
      .put("initialAdmin", new JsonObject().put("username", "admin").put("password", ADMIN_PASSWORD));
    NodeProcess node = NodeProcess.start("node", jar, dir, config, Map.of(), Map.of(),
      List.of("-XX:+UseSerialGC", "-Xmx112m"));
    Vertx vertx = Vertx.vertx();
    try {
      node.awaitRunning(120_000);
      HttpClient client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1")
        .setDefaultPort(admin.getInteger("port")), new PoolOptions().setHttp1MaxSize(AT_ONCE));
      List<Future<Integer>> answers = new ArrayList<>();
      for (int i = 0; i < AT_ONCE; i++) { // at most five a username: admin.login.maxFailuresPerUser is 5
        answers.add(signIn(client, "user-" + i % 4, "wrong-password-" + i));
      }
      Map<Integer, Integer> counted = new TreeMap<>();
      for (Future<Integer> answer : answers) {
        counted.merge(answer.await(120, TimeUnit.SECONDS), 1, Integer::sum);
      }

      assertEquals(Map.of(401, AT_ONCE), counted, node.output());
      assertFalse(node.output().contains("OutOfMemoryError"), node.output());
      assertEquals(200, signIn(client, "admin", ADMIN_PASSWORD).await(60, TimeUnit.SECONDS), "the admin signs in");
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
      node.stop();
    }
  }

  private static Future<Integer> signIn(HttpClient client, String username, String password) {
    return client.request(new RequestOptions().setMethod(HttpMethod.POST).setURI("/admin/auth/login")
        .putHeader("content-type", "application/json"))
      .compose(request -> request.send(new JsonObject().put("username", username).put("password", password)
        .toBuffer()))
      .compose(response -> response.body().map(body -> response.statusCode()));
  }
}
