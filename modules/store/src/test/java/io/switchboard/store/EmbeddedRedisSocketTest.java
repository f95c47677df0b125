package io.switchboard.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded Redis answers this process on a Unix socket in the data directory, owner only, and other processes
 * on its loopback port: both reach the same server. It runs in a session of its own, and keeps sorted sets (a key's
 * requests in flight) as skip lists.
 */
class EmbeddedRedisSocketTest {
  @TempDir
  Path dataDir;

  @Test
  void thisProcessReachesTheEmbeddedRedisOnItsSocketAndOthersOnItsPort() throws Exception {
    Files.writeString(dataDir.resolve("redis.sock"), "left by a process that was killed");
    Vertx vertx = Vertx.vertx();
    try (EmbeddedStorage storage = EmbeddedStorage.start(dataDir)) {
      Path socket = dataDir.toAbsolutePath().resolve("redis.sock");
      assertEquals("unix://" + socket, storage.localRedisUrl());
      assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));

      Redis overPort = Databases.redis(vertx, storage.redisUrl());
      Redis overSocket = Databases.redis(vertx, storage.localRedisUrl());
      await(overPort.send(Request.cmd(Command.SET).arg("sb:socket-test").arg("seen")));
      assertEquals("seen", await(overSocket.send(Request.cmd(Command.GET).arg("sb:socket-test"))).toString());
    } finally {
      await(vertx.close());
    }
  }

  /**
   * Redis runs in a session of its own (Ctrl-C in a terminal, SIGINT to the gateway's process group, does not reach
   * it), and stopping the storage still stops that very process.
   */
  @Test
  void theEmbeddedRedisRunsInASessionOfItsOwnAndStopsWithTheStorage() throws Exception {
    Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self")) && OwnSessionRedis.onPath("setsid",
      System.getenv("PATH")) != null, "Linux with setsid");
    Vertx vertx = Vertx.vertx();
    long pid;
    try (EmbeddedStorage storage = EmbeddedStorage.start(dataDir)) {
      Redis redis = Databases.redis(vertx, storage.localRedisUrl());
      String info = await(redis.send(Request.cmd(Command.INFO).arg("server"))).toString();
      pid = Long.parseLong(info.lines().filter(line -> line.startsWith("process_id:")).findFirst().orElseThrow()
        .substring("process_id:".length()).trim());
      assertEquals(pid, sessionOf(pid), "Redis leads a session of its own");
      assertNotEquals(sessionOf(ProcessHandle.current().pid()), sessionOf(pid));
    } finally {
      await(vertx.close());
    }
    ProcessHandle server = ProcessHandle.of(pid).orElse(null);
    assertTrue(server == null || server.onExit().get(10, TimeUnit.SECONDS) != null, "stopped with the storage");
  }

  /** The session id of a process: the sixth field of /proc/PID/stat (after its parenthesised name). */
  private static long sessionOf(long pid) throws Exception {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[3]);
  }

  /**
   * A key's requests in flight, a sorted set, is a skip list from its first member: Redis's packed list is searched
   * and moved on each add, which made adding a run's admissions take four times as long at some tens in flight.
   */
  @Test
  void sortedSetsAreSkipListsFromTheirFirstMember() throws Exception {
    Vertx vertx = Vertx.vertx();
    try (EmbeddedStorage storage = EmbeddedStorage.start(dataDir)) {
      Redis redis = Databases.redis(vertx, storage.localRedisUrl());
      String inFlight = QuotaKeys.requestsInFlight(1);
      await(redis.send(Request.cmd(Command.ZADD).arg(inFlight).arg(1).arg("owner.1")));
      assertEquals("skiplist", await(redis.send(Request.cmd(Command.OBJECT).arg("ENCODING").arg(inFlight))).toString());
    } finally {
      await(vertx.close());
    }
  }

  /** A socket Redis cannot listen on (here: in no directory; a file system without sockets) leaves it on its port. */
  @Test
  void aSocketRedisCannotListenOnLeavesItOnItsPort() throws Exception {
    Vertx vertx = Vertx.vertx();
    Path nowhere = dataDir.resolve("gone").resolve("redis.sock");
    try (EmbeddedStorage storage = EmbeddedStorage.start(dataDir, 0, 0, nowhere)) {
      assertEquals(storage.redisUrl(), storage.localRedisUrl());
      Redis redis = Databases.redis(vertx, storage.localRedisUrl());
      assertEquals("PONG", await(redis.send(Request.cmd(Command.PING))).toString());
    } finally {
      await(vertx.close());
    }
  }

  @Test
  void aDataDirectoryTooDeepForASocketAddressKeepsRedisOnItsPort() {
    Path deep = dataDir.resolve("d".repeat(60)).resolve("e".repeat(60));
    assertNull(EmbeddedStorage.socketPath(deep));
    assertNull(EmbeddedStorage.socketPath(dataDir.resolve("with \"quote\"")));
    assertEquals(dataDir.toAbsolutePath().resolve("redis.sock"), EmbeddedStorage.socketPath(dataDir));
  }

  @Test
  void aRedisUrlIsRedisTlsOrAUnixSocket() {
    Vertx vertx = Vertx.vertx();
    try {
      IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> Databases.redis(vertx, "http://127.0.0.1:6379"));
      assertEquals("storage.redis.url must look like redis://host:6379 or unix:///path/redis.sock",
        refused.getMessage());
    } finally {
      vertx.close();
    }
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
