package io.switchboard.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import redis.embedded.RedisServer;

/**
 * PostgreSQL and Redis started in-process for the embedded default: PostgreSQL keeps its data under
 * {@code <dataDir>/postgres} so a restart keeps everything; Redis holds only rebuildable counters. Both listen on
 * loopback only, on the ports given (0: any free port), so a second node on the same machine can share them.
 * Blocking: call from {@code main} or a worker, never an event loop.
 */
public final class EmbeddedStorage implements AutoCloseable {
  private final EmbeddedPostgres postgres;
  private final RedisServer redis;
  private final int redisPort;

  private EmbeddedStorage(EmbeddedPostgres postgres, RedisServer redis, int redisPort) {
    this.postgres = postgres;
    this.redis = redis;
    this.redisPort = redisPort;
  }

  /** Both on free ports. */
  public static EmbeddedStorage start(Path dataDir) {
    return start(dataDir, 0, 0);
  }

  /** On these loopback ports; 0 picks a free one. */
  public static EmbeddedStorage start(Path dataDir, int postgresPort, int redisPort) {
    try {
      Path pgDir = dataDir.resolve("postgres");
      Files.createDirectories(pgDir);
      EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
        .setDataDirectory(pgDir.toFile())
        .setCleanDataDirectory(false)
        .setServerConfig("listen_addresses", "127.0.0.1")
        .setServerConfig("max_connections", "200");
      if (postgresPort > 0) {
        builder.setPort(postgresPort);
      }
      EmbeddedPostgres postgres = builder.start();
      int port = redisPort > 0 ? redisPort : freePort();
      return new EmbeddedStorage(postgres, startRedis(postgres, port), port);
    } catch (IOException e) {
      throw new UncheckedIOException("embedded storage could not start under " + dataDir + ": " + e.getMessage(), e);
    }
  }

  private static RedisServer startRedis(EmbeddedPostgres postgres, int redisPort) throws IOException {
    try {
      RedisServer redis = RedisServer.newRedisServer().bind("127.0.0.1").port(redisPort)
        .setting("save \"\"").setting("appendonly no").build();
      redis.start();
      return redis;
    } catch (IOException | RuntimeException e) {
      postgres.close();
      throw e;
    }
  }

  public String postgresUrl() {
    return "postgresql://postgres:postgres@127.0.0.1:" + postgres.getPort() + "/postgres";
  }

  public String redisUrl() {
    return "redis://127.0.0.1:" + redisPort;
  }

  /** Stops the embedded Redis and keeps its port, as a Redis outage would (tests of one use this). */
  public void stopRedis() {
    try {
      redis.stop();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts the embedded Redis again on its port, empty: it keeps nothing on disk. */
  public void startRedis() {
    try {
      redis.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      redis.stop();
    } catch (IOException | RuntimeException ignored) {
      // best effort on the way out
    }
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
