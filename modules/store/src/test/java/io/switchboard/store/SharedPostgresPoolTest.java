package io.switchboard.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Roles share one PostgreSQL pool per process; undeploying one role (the deployments API does that at runtime) leaves
 * the pool working for every other role, whichever of them opened it first.
 */
class SharedPostgresPoolTest {
  @TempDir
  static Path dataDir;
  private static EmbeddedStorage storage;

  @BeforeAll
  static void startPostgres() {
    storage = EmbeddedStorage.start(dataDir);
  }

  @AfterAll
  static void stopPostgres() {
    storage.close();
  }

  /** A role that keeps the shared pool and closes its handle when it stops, as every role does. */
  private static final class PoolUser extends VerticleBase {
    private final boolean closesItsPool;
    private Pool pool;

    PoolUser(boolean closesItsPool) {
      this.closesItsPool = closesItsPool;
    }

    @Override
    public Future<?> start() {
      pool = Databases.postgres(vertx, storage.postgresUrl(), 2);
      return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
      return closesItsPool ? pool.close() : Future.succeededFuture();
    }

    Future<String> query(String sql) {
      return Future.<String>future(promise -> context.runOnContext(v -> pool.query(sql).execute()
        .map(rows -> String.valueOf(rows.iterator().next().getValue(0))).onComplete(promise)));
    }
  }

  @Test
  void undeployingTheRoleThatOpenedThePoolLeavesAnotherRolesQueryRunning() {
    Vertx vertx = Vertx.vertx();
    try {
      String opener = vertx.deployVerticle(new PoolUser(true)).await();
      PoolUser other = new PoolUser(true);
      vertx.deployVerticle(other).await();

      Future<String> slow = other.query("select 'slept' from pg_sleep(0.5)");
      vertx.undeploy(opener).await(); // returns long before the sleep ends

      assertEquals("slept", slow.await(), "the query in flight survives the other role's undeploy");
      assertEquals("1", other.query("select 1").await(), "and the pool still opens connections");
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void thePoolClosesWithTheLastRoleUsingIt() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      PoolUser closing = new PoolUser(true);
      PoolUser leaving = new PoolUser(false); // its undeploy releases its handle all the same
      String closingId = vertx.deployVerticle(closing).await();
      String leavingId = vertx.deployVerticle(leaving).await();
      Future.all(closing.query("select 1 from pg_sleep(0.2)"), leaving.query("select 1 from pg_sleep(0.2)")).await();
      assertEquals(2, serverConnections(2), "two connections, one pool");

      vertx.undeploy(closingId).await();
      assertEquals("1", leaving.query("select 1").await());
      vertx.undeploy(leavingId).await();

      assertEquals(0, serverConnections(0), "the last undeploy closed the pool's connections");
    } finally {
      vertx.close().await();
    }
  }

  /**
   * The pool's connections as the server counts them, read until they are {@code expected} (the server lets go of a
   * closed connection shortly after) or for 5 s.
   */
  private static long serverConnections(long expected) throws Exception {
    PostgresTarget target = PostgresTarget.parse(storage.postgresUrl());
    try (Connection jdbc = DriverManager.getConnection(target.jdbcUrl(), target.user(), target.password())) {
      long count = -1;
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (count != expected && System.nanoTime() < deadline) {
        try (ResultSet rows = jdbc.createStatement().executeQuery(
          "select count(*) from pg_stat_activity where application_name = 'vertx-pg-client'")) {
          rows.next();
          count = rows.getLong(1);
        }
      }
      return count;
    }
  }
}
