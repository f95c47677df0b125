package io.switchboard.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;
import redis.embedded.core.RedisServerBuilder;

/**
 * PostgreSQL and Redis started in-process for the embedded default: PostgreSQL keeps its data under
 * {@code <dataDir>/postgres} so a restart keeps everything; Redis holds only rebuildable counters. Both listen on
 * loopback only, on the ports given (0: any free port), so a second node on the same machine can share them; Redis
 * also on a Unix socket in the data directory, for this process ({@link #localRedisUrl}). Blocking: call from
 * {@code main} or a worker, never an event loop.
 */
public final class EmbeddedStorage implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedStorage.class);
  private static final String REDIS_SOCKET = "redis.sock";
  /** A Unix socket's path is at most 107 bytes on Linux (104 on macOS); keep clear of both. */
  private static final int MAX_SOCKET_PATH = 100;
  private final EmbeddedPostgres postgres;
  private final RedisServer redis;
  private final int redisPort;
  private final Path redisSocket;

  private EmbeddedStorage(EmbeddedPostgres postgres, RedisServer redis, int redisPort, Path redisSocket) {
    this.postgres = postgres;
    this.redis = redis;
    this.redisPort = redisPort;
    this.redisSocket = redisSocket;
  }

  /** Both on free ports. */
  public static EmbeddedStorage start(Path dataDir) {
    return start(dataDir, 0, 0);
  }

  /** On these loopback ports; 0 picks a free one. */
  public static EmbeddedStorage start(Path dataDir, int postgresPort, int redisPort) {
    return start(dataDir, postgresPort, redisPort, socketPath(dataDir));
  }

  /** With Redis also on {@code socket} (null: none) when it can listen there. */
  static EmbeddedStorage start(Path dataDir, int postgresPort, int redisPort, Path socket) {
    try {
      Path pgDir = dataDir.resolve("postgres");
      Files.createDirectories(pgDir);
      EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
        .setDataDirectory(pgDir.toFile())
        .setCleanDataDirectory(false)
        .setServerConfig("listen_addresses", "127.0.0.1")
        .setServerConfig("max_connections", "200")
        // the library's defaults (for tests) write nothing through to the disk: a power cut could lose a commit the
        // gateway had counted on (a usage row, a key) or leave the cluster unreadable
        .setServerConfig("fsync", "on")
        .setServerConfig("synchronous_commit", "on");
      if (postgresPort > 0) {
        builder.setPort(postgresPort);
      }
      EmbeddedPostgres postgres = builder.start();
      int port = redisPort > 0 ? redisPort : freePort();
      try {
        return withRedis(postgres, port, socket);
      } catch (IOException | RuntimeException e) {
        postgres.close();
        throw e;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("embedded storage could not start under " + dataDir + ": " + e.getMessage(), e);
    }
  }

  /**
   * {@code <dataDir>/redis.sock}, or none when that path is longer than a socket address may be or holds a character
   * Redis' configuration would need escaped.
   */
  static Path socketPath(Path dataDir) {
    Path socket = dataDir.toAbsolutePath().resolve(REDIS_SOCKET);
    String path = socket.toString();
    boolean plain = path.chars().allMatch(c -> c >= ' ' && c != '"' && c != '\\');
    return plain && path.getBytes(StandardCharsets.UTF_8).length <= MAX_SOCKET_PATH ? socket : null;
  }

  /**
   * Redis beside PostgreSQL: on {@code socket} too where it can listen there (a file system without sockets cannot),
   * else on its port alone.
   */
  private static EmbeddedStorage withRedis(EmbeddedPostgres postgres, int port, Path socket) throws IOException {
    if (socket != null) {
      try {
        return new EmbeddedStorage(postgres, startRedis(port, socket), port, socket);
      } catch (IOException | RuntimeException noSocket) {
        LOG.warn("embedded Redis did not start with the socket {} ({}); starting it on port {} alone", socket,
          noSocket.getMessage(), port);
      }
    }
    return new EmbeddedStorage(postgres, startRedis(port, null), port, null);
  }

  private static RedisServer startRedis(int port, Path socket) throws IOException {
    RedisServerBuilder builder = RedisServer.newRedisServer().executableProvider(OwnSessionRedis.bundled())
      .bind("127.0.0.1").port(port)
      .setting("save \"\"").setting("appendonly no")
      // a key's requests in flight are a sorted set of some tens of members under load: kept as a skip list, adding a
      // run's admissions to it took Redis 2.2 µs where the packed list took 9 (it is searched and moved on each add)
      .setting("zset-max-ziplist-entries 0");
    if (socket != null) {
      Files.deleteIfExists(socket); // left by a process that was killed
      builder.setting("unixsocket \"" + socket + "\"").setting("unixsocketperm 700");
    }
    RedisServer redis = builder.build();
    try {
      redis.start();
      return redis;
    } catch (IOException | RuntimeException e) {
      try {
        redis.stop(); // a server that started too slowly is not left running
      } catch (IOException | RuntimeException ignored) {
        // it had not started
      }
      throw e;
    }
  }

  public String postgresUrl() {
    return "postgresql://postgres:postgres@127.0.0.1:" + postgres.getPort() + "/postgres";
  }

  /** Redis on its loopback port, as another process on this machine reaches it. */
  public String redisUrl() {
    return "redis://127.0.0.1:" + redisPort;
  }

  /**
   * Redis as this process reaches it: on its Unix socket (owner only) where it has one, which spares each command
   * the loopback TCP stack (less CPU per request, a shorter round trip); else on its port.
   */
  public String localRedisUrl() {
    return redisSocket != null ? "unix://" + redisSocket : redisUrl();
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
