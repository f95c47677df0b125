package io.switchboard.usage;

import io.switchboard.store.Migrations;
import io.switchboard.store.PostgresTarget;
import io.switchboard.testkit.TempDirs;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * A PostgreSQL of a test's own, migrated, that the test may stop and start again on the same port and data: the
 * shared test database is never stopped.
 */
final class OwnPostgres implements AutoCloseable {
  private final Path data;
  private final int port;
  private EmbeddedPostgres running;

  private OwnPostgres(Path data, int port) {
    this.data = data;
    this.port = port;
  }

  static OwnPostgres start() throws IOException {
    OwnPostgres postgres = new OwnPostgres(TempDirs.create("sb-own-pg"), freePort());
    postgres.startAgain();
    Migrations.migrate(PostgresTarget.parse(postgres.url()));
    return postgres;
  }

  String url() {
    return "postgresql://postgres:postgres@127.0.0.1:" + port + "/postgres";
  }

  void stop() throws IOException {
    if (running != null) {
      running.close();
      running = null;
    }
  }

  void startAgain() throws IOException {
    running = EmbeddedPostgres.builder().setDataDirectory(data.toFile()).setCleanDataDirectory(false).setPort(port)
      .start();
  }

  /** The first column of the first row of {@code sql}. */
  String scalar(String sql) throws Exception {
    PostgresTarget target = PostgresTarget.parse(url());
    try (Connection c = DriverManager.getConnection(target.jdbcUrl(), target.user(), target.password());
         Statement s = c.createStatement(); ResultSet rows = s.executeQuery(sql)) {
      rows.next();
      return rows.getString(1);
    }
  }

  /** Runs a statement that returns no rows. */
  void execute(String sql) throws Exception {
    PostgresTarget target = PostgresTarget.parse(url());
    try (Connection c = DriverManager.getConnection(target.jdbcUrl(), target.user(), target.password());
         Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  /** Polls {@code select count(*) ...} until it reaches {@code count}, for up to 20 s; returns the last count. */
  int awaitCount(String countSql, int count) throws Exception {
    long deadline = System.currentTimeMillis() + 20_000;
    int seen = Integer.parseInt(scalar(countSql));
    while (seen < count && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
      seen = Integer.parseInt(scalar(countSql));
    }
    return seen;
  }

  @Override
  public void close() throws IOException {
    stop();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
