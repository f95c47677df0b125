package io.switchboard.admin;

import java.io.IOException;
import java.io.InputStream;

/**
 * Files the admin role ships in its jar, read from the class loader (blocking: on a worker thread). Not through
 * {@code vertx.fileSystem()}: to resolve a class-path file Vert.x first copies every jar entry under its top directory
 * to a cache in the temporary directory (for a file under {@code io/}, 8,000 files at every start).
 */
final class ClassPathFiles {
  private ClassPathFiles() {
  }

  static byte[] read(String path) {
    try (InputStream in = ClassPathFiles.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException(path + " is missing from the class path");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + path, e);
    }
  }
}
