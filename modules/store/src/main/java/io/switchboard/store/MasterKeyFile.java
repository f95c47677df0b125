package io.switchboard.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The embedded default's master key: generated once under the data directory, readable by its owner only.
 * Rotation writes the new key to {@code master.key.next} first; only after every credential is re-encrypted does
 * the old key move to {@code master.key.previous} and the new one replace {@code master.key} (atomic rename). A
 * {@code .next} file found at start (a crash mid-rotation) is kept readable as a previous key, so whichever key the
 * rows ended under, they decrypt. All methods block.
 */
public final class MasterKeyFile {
  private static final String CURRENT = "master.key";
  private static final String NEXT = "master.key.next";
  private static final String PREVIOUS = "master.key.previous";

  private MasterKeyFile() {
  }

  /** Reads {@code <dataDir>/master.key}, creating it with 32 random bytes and mode 0600 if missing. */
  public static String loadOrCreate(Path dataDir) {
    Path file = dataDir.resolve(CURRENT);
    try {
      Files.createDirectories(dataDir);
      recoverInterruptedRotation(dataDir);
      if (!Files.exists(file)) {
        try {
          createPrivate(file);
        } catch (FileAlreadyExistsException raced) {
          return Files.readString(file, StandardCharsets.US_ASCII).trim();
        }
        Files.writeString(file, newKey(), StandardCharsets.US_ASCII);
      }
      return Files.readString(file, StandardCharsets.US_ASCII).trim();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the master key file " + file, e);
    }
  }

  /** Keys that may still have sealed stored values: earlier keys and an unfinished rotation's key. */
  public static List<String> previousKeys(Path dataDir) {
    List<String> keys = new ArrayList<>();
    try {
      for (String name : List.of(PREVIOUS, NEXT)) {
        Path file = dataDir.resolve(name);
        if (Files.exists(file)) {
          Files.readAllLines(file, StandardCharsets.US_ASCII).stream().map(String::trim).filter(l -> !l.isEmpty())
            .forEach(keys::add);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the previous master keys under " + dataDir, e);
    }
    return keys;
  }

  /** Step 1 of a rotation: a new random key in {@code master.key.next} (0600, replacing any older one). */
  public static String writeNext(Path dataDir) {
    recoverInterruptedRotation(dataDir);
    String key = newKey();
    writePrivateAtomically(dataDir, NEXT, key + "\n");
    return key;
  }

  /**
   * Last step of a rotation, after the re-encryption committed: the old key is kept as the previous key (a value
   * sealed under it by a writer racing the rotation stays readable), then the next key atomically becomes
   * {@code master.key}.
   */
  public static void promoteNext(Path dataDir) {
    try {
      String oldKey = Files.readString(dataDir.resolve(CURRENT), StandardCharsets.US_ASCII).trim();
      writePrivateAtomically(dataDir, PREVIOUS, oldKey + "\n");
      Files.move(dataDir.resolve(NEXT), dataDir.resolve(CURRENT), StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot replace the master key file under " + dataDir, e);
    }
  }

  /** A {@code .next} left by a crash joins the previous keys, so a new rotation cannot overwrite a needed key. */
  private static void recoverInterruptedRotation(Path dataDir) {
    Path next = dataDir.resolve(NEXT);
    try {
      if (Files.exists(next)) {
        List<String> keys = previousKeys(dataDir);
        writePrivateAtomically(dataDir, PREVIOUS, String.join("\n", keys) + "\n");
        Files.delete(next);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot recover an interrupted master key rotation under " + dataDir, e);
    }
  }

  private static void writePrivateAtomically(Path dataDir, String name, String content) {
    Path tmp = dataDir.resolve(name + ".tmp");
    try {
      Files.deleteIfExists(tmp);
      createPrivate(tmp);
      Files.writeString(tmp, content, StandardCharsets.US_ASCII, java.nio.file.StandardOpenOption.SYNC);
      Files.move(tmp, dataDir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + name + " under " + dataDir, e);
    }
  }

  private static void createPrivate(Path file) throws IOException {
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException notPosix) {
      Files.createFile(file);
    }
  }

  private static String newKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }
}
