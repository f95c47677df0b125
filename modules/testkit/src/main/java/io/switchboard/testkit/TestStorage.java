package io.switchboard.testkit;

import io.switchboard.store.EmbeddedStorage;
import io.switchboard.store.Migrations;
import io.switchboard.store.PostgresTarget;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension: the same embedded PostgreSQL and Redis the app uses, started once per test JVM and
 * migrated; every table is emptied and Redis flushed before each test.
 */
public final class TestStorage implements BeforeAllCallback, BeforeEachCallback {
  private static EmbeddedStorage storage;

  @Override
  public void beforeAll(ExtensionContext context) {
    ensureStarted();
  }

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    clean();
  }

  public static synchronized String postgresUrl() {
    return ensureStarted().postgresUrl();
  }

  public static synchronized String redisUrl() {
    return ensureStarted().redisUrl();
  }

  /** Stops the shared Redis mid-test (a Redis outage); call {@link #startRedis} before the test ends. */
  public static synchronized void stopRedis() {
    ensureStarted().stopRedis();
  }

  /** Starts the shared Redis again on the same port, empty. */
  public static synchronized void startRedis() {
    ensureStarted().startRedis();
  }

  /** Runs SQL on a fresh JDBC connection (test threads only) and returns the first column of each row. */
  public static List<String> query(String sql) throws SQLException {
    try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rows = s.executeQuery(sql)) {
      List<String> values = new ArrayList<>();
      while (rows.next()) {
        values.add(rows.getString(1));
      }
      return values;
    }
  }

  /** Runs SQL that returns no rows (DDL, updates without returning) on a fresh JDBC connection. */
  public static void execute(String sql) throws SQLException {
    try (Connection c = connect(); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  /** Polls until the query returns at least {@code count} rows (writers batch), for up to 10 s; returns them. */
  public static List<String> awaitRows(String sql, int count) throws SQLException, InterruptedException {
    long deadline = System.currentTimeMillis() + 10_000;
    List<String> rows = query(sql);
    while (rows.size() < count && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
      rows = query(sql);
    }
    return rows;
  }

  public static void clean() throws SQLException, IOException {
    ensureStarted();
    List<String> tables = query("select tablename from pg_tables where schemaname = 'public' "
      + "and tablename <> 'flyway_schema_history'");
    if (!tables.isEmpty()) {
      try (Connection c = connect(); Statement s = c.createStatement()) {
        s.execute("truncate " + String.join(", ", tables) + " restart identity cascade");
      }
    }
    flushRedis();
  }

  /** A fresh JDBC connection (test threads only), for a transaction held open across steps; the caller closes it. */
  public static Connection connect() throws SQLException {
    PostgresTarget target = PostgresTarget.parse(storage.postgresUrl());
    return DriverManager.getConnection(target.jdbcUrl(), target.user(), target.password());
  }

  private static void flushRedis() throws IOException {
    String url = storage.redisUrl();
    int port = Integer.parseInt(url.substring(url.lastIndexOf(':') + 1));
    try (Socket socket = new Socket("127.0.0.1", port)) {
      OutputStream out = socket.getOutputStream();
      out.write("FLUSHALL\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] reply = new byte[5];
      if (in.readNBytes(reply, 0, 5) != 5 || reply[0] != '+') {
        throw new IOException("embedded Redis did not acknowledge FLUSHALL");
      }
    }
  }

  private static synchronized EmbeddedStorage ensureStarted() {
    if (storage == null) {
      Path dir;
      try {
        dir = Files.createTempDirectory("sb-test-storage");
        storage = EmbeddedStorage.start(dir);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      Migrations.migrate(PostgresTarget.parse(storage.postgresUrl()));
      EmbeddedStorage started = storage;
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          started.close();
        } finally {
          TempDirs.deleteTree(dir); // after PostgreSQL and Redis stopped, or failed to (another hook stopped them)
        }
      }, "sb-test-storage-stop"));
    }
    return storage;
  }
}
