package io.switchboard.store;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A Lua script from {@code redis/<name>.lua} on the classpath, run by EVALSHA; when the server does not know it
 * (NOSCRIPT: restarted, flushed) it is loaded with SCRIPT LOAD and run again.
 */
public final class RedisScript {
  private final String source;
  private final String sha;

  private RedisScript(String source) {
    this.source = source;
    this.sha = sha1(source);
  }

  /** Reads the script; call once at start (a small classpath read). */
  public static RedisScript named(String name) {
    try (InputStream in = RedisScript.class.getResourceAsStream("/redis/" + name + ".lua")) {
      if (in == null) {
        throw new IllegalStateException("redis/" + name + ".lua is missing from the classpath");
      }
      return new RedisScript(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Future<Response> run(Redis redis, List<String> keys, List<String> args) {
    return redis.send(request(keys, args)).recover(failure -> {
      if (failure.getMessage() == null || !failure.getMessage().startsWith("NOSCRIPT")) {
        return Future.failedFuture(failure);
      }
      return redis.send(Request.cmd(Command.SCRIPT).arg("LOAD").arg(source))
        .compose(loaded -> redis.send(request(keys, args)));
    });
  }

  /** The EVALSHA request, for callers that batch several runs in one round trip. */
  public Request request(List<String> keys, List<String> args) {
    Request request = Request.cmd(Command.EVALSHA).arg(sha).arg(keys.size());
    keys.forEach(request::arg);
    args.forEach(request::arg);
    return request;
  }

  /** Makes sure the server knows the script (before batching its EVALSHA requests). */
  public Future<Void> load(Redis redis) {
    return redis.send(Request.cmd(Command.SCRIPT).arg("LOAD").arg(source)).mapEmpty();
  }

  private static String sha1(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is missing from this JVM", e);
    }
  }
}
