package io.switchboard.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id (RFC 9106) password hashes in the PHC string format, {@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}
 * (Base64 without padding), as the admin's users are stored. A hash's memory is allocated for it and let go after:
 * nothing is kept between hashes. Blocking: the caller runs it off the event loops.
 */
final class Argon2Id {
  /** OWASP's minimum for Argon2id: 19 MiB, 2 passes, 1 lane. */
  static final int MEMORY_KIB = 19456;
  static final int PASSES = 2;
  static final int LANES = 1;
  private static final int HASH_BYTES = 32;
  private static final int SALT_BYTES = 16;
  /** Above these a stored hash is not checked: it would cost more than the heap allows for one. */
  private static final int MOST_MEMORY_KIB = 4 * MEMORY_KIB;
  private static final int MOST_PASSES = 10;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder ENCODER = Base64.getEncoder().withoutPadding();

  private Argon2Id() {
  }

  /** A new hash of {@code password}, with a random salt, at the parameters above. */
  static String hash(String password) {
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    byte[] hash = derive(password, salt, MEMORY_KIB, PASSES, LANES, HASH_BYTES);
    return "$argon2id$v=19$m=" + MEMORY_KIB + ",t=" + PASSES + ",p=" + LANES + "$" + ENCODER.encodeToString(salt)
      + "$" + ENCODER.encodeToString(hash);
  }

  /**
   * Whether {@code password} gives {@code stored} (an Argon2id PHC string, at its own parameters), compared in constant
   * time; false for anything else, or for parameters beyond the bounds above.
   */
  static boolean matches(String password, String stored) {
    String[] parts = stored.split("\\$");
    if (parts.length != 6 || !parts[0].isEmpty() || !"argon2id".equals(parts[1]) || !"v=19".equals(parts[2])) {
      return false;
    }
    int memory = -1;
    int passes = -1;
    int lanes = -1;
    try {
      for (String parameter : parts[3].split(",")) {
        int value = Integer.parseInt(parameter.substring(2));
        switch (parameter.substring(0, 2)) {
          case "m=" -> memory = value;
          case "t=" -> passes = value;
          case "p=" -> lanes = value;
          default -> {
            return false;
          }
        }
      }
      byte[] salt = Base64.getDecoder().decode(parts[4]);
      byte[] expected = Base64.getDecoder().decode(parts[5]);
      if (lanes < 1 || lanes > 4 || memory < 8 * lanes || memory > MOST_MEMORY_KIB || passes < 1
        || passes > MOST_PASSES || salt.length < 8 || expected.length < 16 || expected.length > 64) {
        return false;
      }
      return MessageDigest.isEqual(expected, derive(password, salt, memory, passes, lanes, expected.length));
    } catch (IllegalArgumentException | StringIndexOutOfBoundsException malformed) {
      return false;
    }
  }

  private static byte[] derive(String password, byte[] salt, int memoryKib, int passes, int lanes, int length) {
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
      .withVersion(Argon2Parameters.ARGON2_VERSION_13).withMemoryAsKB(memoryKib).withIterations(passes)
      .withParallelism(lanes).withSalt(salt).build());
    byte[] hash = new byte[length];
    generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), hash);
    return hash;
  }
}
