package io.switchboard.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/** The embedded default's master key: generated once under the data directory, readable by its owner only. */
public final class MasterKeyFile {
  private MasterKeyFile() {
  }

  /** Reads {@code <dataDir>/master.key}, creating it with 32 random bytes and mode 0600 if missing. Blocking. */
  public static String loadOrCreate(Path dataDir) {
    Path file = dataDir.resolve("master.key");
    try {
      Files.createDirectories(dataDir);
      if (!Files.exists(file)) {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        try {
          Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
          Files.createFile(file);
        } catch (FileAlreadyExistsException raced) {
          return Files.readString(file, StandardCharsets.US_ASCII).trim();
        }
        Files.writeString(file, Base64.getEncoder().encodeToString(key), StandardCharsets.US_ASCII);
      }
      return Files.readString(file, StandardCharsets.US_ASCII).trim();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the master key file " + file, e);
    }
  }
}
