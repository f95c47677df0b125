package io.switchboard.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Consumer;

/** How client keys are stored: only their SHA-256 and a display prefix that cannot be used to call. */
public final class ApiKeys {
  /** One digest per thread, found once: every request hashes its key, and the provider lookup cost more than that. */
  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  });

  private ApiKeys() {
  }

  public static String sha256Hex(String key) {
    return HexFormat.of().formatHex(SHA256.get().digest(key.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * The SHA-256, as hex, of what {@code parts} feeds the digest: for a text too large to be built as one string
   * first. The digest is this thread's, and is started over even when {@code parts} fails, so the next key hashed on
   * this thread is hashed alone.
   */
  public static String sha256Hex(Consumer<MessageDigest> parts) {
    MessageDigest digest = SHA256.get();
    try {
      parts.accept(digest);
      return HexFormat.of().formatHex(digest.digest());
    } finally {
      digest.reset();
    }
  }

  /** e.g. {@code sb-…a1b2}: the first three and last four characters. */
  public static String displayPrefix(String key) {
    if (key.length() <= 10) {
      return "…";
    }
    return key.substring(0, 3) + "…" + key.substring(key.length() - 4);
  }
}
