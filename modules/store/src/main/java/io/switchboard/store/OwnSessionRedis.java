package io.switchboard.store;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import redis.embedded.core.ExecutableProvider;

/**
 * The bundled {@code redis-server}, started in a session of its own where the system has {@code setsid}. Ctrl-C in a
 * terminal signals the whole foreground process group: a Redis in the gateway's group stopped at once, while the
 * gateway drained, so the last admissions and releases failed. (PostgreSQL's {@code pg_ctl} detaches its server the
 * same way.) {@code setsid} calls setsid(2) and execs the server in the same process, so the process the library
 * holds, and stops, is the server itself. Without {@code setsid} (macOS) the server starts as it is.
 */
final class OwnSessionRedis implements ExecutableProvider {
  private final ExecutableProvider bundled;
  private final Path setsid;

  private OwnSessionRedis(ExecutableProvider bundled, Path setsid) {
    this.bundled = bundled;
    this.setsid = setsid;
  }

  /** The library's own bundled server, through {@code setsid} when the PATH has it (never on Windows). */
  static ExecutableProvider bundled() {
    ExecutableProvider bundled = ExecutableProvider.newJarResourceProvider();
    if (System.getProperty("os.name", "").startsWith("Windows")) {
      return bundled;
    }
    Path setsid = onPath("setsid", System.getenv("PATH"));
    return setsid == null ? bundled : new OwnSessionRedis(bundled, setsid);
  }

  /**
   * A launcher beside the server the library extracted (a temporary directory of this process's own, which the library
   * removes at exit, the launcher first).
   */
  @Override
  public File get() throws IOException {
    File server = bundled.get();
    Path launcher = server.toPath().resolveSibling(server.getName() + "-own-session");
    Files.writeString(launcher, "#!/bin/sh\nexec " + quoted(setsid) + " " + quoted(server.toPath()) + " \"$@\"\n");
    File file = launcher.toFile();
    file.deleteOnExit();
    return file.setExecutable(true, true) ? file : server;
  }

  /** The executable {@code name} in the first directory of {@code path} that has one, or null. */
  static Path onPath(String name, String path) {
    if (path == null) {
      return null;
    }
    for (String dir : path.split(File.pathSeparator)) {
      try {
        if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
          return Path.of(dir, name);
        }
      } catch (InvalidPathException notAPath) {
        // an entry this file system cannot name: none of ours
      }
    }
    return null;
  }

  private static String quoted(Path path) {
    return "'" + path.toString().replace("'", "'\\''") + "'";
  }
}
