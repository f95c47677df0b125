package io.switchboard.app;

import static io.switchboard.app.GatewayHarness.CLIENT_KEY;
import static io.switchboard.app.GatewayHarness.MODEL;
import static io.switchboard.app.GatewayHarness.UPSTREAM_KEY;
import static io.switchboard.app.GatewayHarness.chat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.store.PostgresTarget;
import io.switchboard.testkit.MockUpstream;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The embedded default keeps everything in its data directory: a restart loses no key, account or usage row. */
@ExtendWith(VertxExtension.class)
class RestartTest {

  @Test
  void aRestartKeepsBootstrapDataAndUsageRows(Vertx vertx, @TempDir Path dataDir) throws Exception {
    MockUpstream mock = MockUpstream.start(vertx).await();
    JsonObject embedded = new JsonObject().put("storage", new JsonObject().put("dataDir", dataDir.toString()));

    int port = GatewayHarness.freePort();
    Gateway first = Gateway.start(vertx, GatewayHarness.ownStorageConfig(mock.baseUrl(), port, embedded)).await();
    assertEquals(200, call(vertx, port));
    first.stop().await(); // a graceful stop flushes the usage recorder

    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve("master.key"))));
    JsonObject noBootstrap = embedded.copy().put("bootstrap",
      new JsonObject().put("accounts", new JsonArray()).put("keys", new JsonArray()));
    Gateway second = Gateway.start(vertx, GatewayHarness.ownStorageConfig(mock.baseUrl(), port, noBootstrap)).await();
    try {
      assertEquals(200, call(vertx, port), "the key and the account came back from the data directory");
      assertEquals("Bearer " + UPSTREAM_KEY, mock.received().get(1).headers().get("authorization"),
        "the stored credential still decrypts with the generated master key");
      List<String> rows = rows(second, "select concat_ws('|', k.name, u.model, u.status) from usage_log u "
        + "join api_keys k on k.id = u.key_id order by u.created_at");
      assertTrue(rows.size() >= 1, "the first run's usage row survived");
      assertEquals("client|" + MODEL + "|200", rows.get(0));
    } finally {
      second.stop().await();
      mock.close().await();
    }
  }

  private static int call(Vertx vertx, int port) {
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
    try {
      RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setURI("/v1/chat/completions")
        .putHeader("authorization", "Bearer " + CLIENT_KEY);
      return GatewayHarness.exchange(vertx, client, options, Buffer.buffer(chat(MODEL, false, null))).await().status();
    } finally {
      client.close();
    }
  }

  private static List<String> rows(Gateway gateway, String sql) throws Exception {
    PostgresTarget target = PostgresTarget.parse(gateway.storage().postgresUrl());
    try (Connection c = DriverManager.getConnection(target.jdbcUrl(), target.user(), target.password());
         Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
      List<String> out = new ArrayList<>();
      while (r.next()) {
        out.add(r.getString(1));
      }
      return out;
    }
  }
}
