package io.switchboard.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Temporary directories a test JVM makes (spools, data directories, work trees), removed with all they hold when it
 * exits, so that test runs do not pile up in the system's temporary directory (an embedded PostgreSQL's data
 * directory alone is about 70 MiB). A directory stays for the whole run: a test may stop a gateway and start
 * another on the same one.
 */
public final class TempDirs {
  private static final Set<Path> MADE = ConcurrentHashMap.newKeySet();
  /** Whether the hook that removes them is in place: added with the first, as no hook can be added once exiting. */
  private static boolean hooked;

  private TempDirs() {
  }

  /** A new directory named from {@code prefix}, removed when the JVM exits. */
  public static synchronized Path create(String prefix) {
    if (!hooked) {
      Runtime.getRuntime().addShutdownHook(new Thread(() -> MADE.forEach(TempDirs::deleteTree), "sb-temp-dirs"));
      hooked = true;
    }
    try {
      Path dir = Files.createTempDirectory(prefix);
      MADE.add(dir);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Removes {@code dir} and everything under it, trying again for a moment while something still writes into it (a
   * database on its way down); what cannot be removed is left.
   */
  public static void deleteTree(Path dir) {
    for (int attempt = 0; attempt < 10 && Files.exists(dir); attempt++) {
      if (attempt > 0) {
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      deleteOnce(dir);
    }
  }

  private static void deleteOnce(Path dir) {
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(dir)) {
      paths = walk.sorted(Comparator.reverseOrder()).toList();
    } catch (IOException | UncheckedIOException e) {
      return;
    }
    for (Path path : paths) {
      try {
        Files.deleteIfExists(path);
      } catch (IOException e) {
        // a file still held open, or a directory something else wrote into meanwhile: left for the system
      }
    }
  }
}
