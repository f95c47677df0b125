package io.switchboard.store;

import io.vertx.core.Vertx;
import io.vertx.core.shareddata.Shareable;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts upstream credentials at rest with AES-256-GCM under a keyring: the current master key encrypts, every
 * known key decrypts. A sealed value is {@code "SBK1"}, the 8-byte id of its key, a fresh 12-byte nonce, then
 * ciphertext and tag; values written before the keyring (nonce, ciphertext, tag) are still read, by trying each key
 * (GCM's tag makes a wrong key fail rather than decrypt to garbage).
 */
public final class CredentialCipher implements Shareable {
  private static final byte[] MAGIC = {'S', 'B', 'K', '1'};
  private static final int ID_BYTES = 8;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final String SHARED_MAP = "sb.credential-ciphers";
  private final SecureRandom random = new SecureRandom();
  private volatile Ring ring;

  /** The keys as one immutable snapshot: swapped whole on rotation, read without locks. */
  private record Ring(byte[] currentId, SecretKeySpec current, Map<String, SecretKeySpec> byId) {
  }

  public CredentialCipher(byte[] key) {
    this(key, List.of());
  }

  public CredentialCipher(byte[] current, List<byte[]> previous) {
    Map<String, SecretKeySpec> byId = new LinkedHashMap<>();
    SecretKeySpec spec = spec(current);
    byId.put(Base64.getEncoder().encodeToString(keyId(current)), spec);
    for (byte[] old : previous) {
      byId.putIfAbsent(Base64.getEncoder().encodeToString(keyId(old)), spec(old));
    }
    this.ring = new Ring(keyId(current), spec, byId);
  }

  /** Parses a base64 master key as given in config or environment. */
  public static CredentialCipher fromBase64(String base64) {
    return fromBase64(base64, List.of());
  }

  /** The current key and keys that may still have encrypted stored values, all base64. */
  public static CredentialCipher fromBase64(String current, List<String> previous) {
    List<byte[]> old = new ArrayList<>();
    previous.forEach(p -> old.add(decode(p)));
    return new CredentialCipher(decode(current), old);
  }

  /**
   * The one keyring of this Vert.x instance for this configured key, so a rotation is seen by every verticle that
   * decrypts (providers, admin, bootstrap) at once.
   */
  public static CredentialCipher shared(Vertx vertx, String current, List<String> previous) {
    String name = "key:" + Base64.getEncoder().encodeToString(keyId(decode(current)));
    return vertx.sharedData().<String, CredentialCipher>getLocalMap(SHARED_MAP)
      .computeIfAbsent(name, n -> fromBase64(current, previous));
  }

  /** Lets this keyring read values sealed under another key (a rotation in progress). */
  public synchronized void addKey(byte[] key) {
    Ring r = ring;
    Map<String, SecretKeySpec> byId = new LinkedHashMap<>(r.byId());
    byId.putIfAbsent(Base64.getEncoder().encodeToString(keyId(key)), spec(key));
    ring = new Ring(r.currentId(), r.current(), byId);
  }

  /** Makes {@code key} the one that encrypts; the previous current key stays readable. */
  public synchronized void rotateTo(byte[] key) {
    addKey(key);
    ring = new Ring(keyId(key), spec(key), ring.byId());
  }

  /** Base64 of the current key's 8-byte id (not secret: a hash prefix). */
  public String currentKeyId() {
    return Base64.getEncoder().encodeToString(ring.currentId());
  }

  public byte[] encrypt(String plain) {
    Ring r = ring;
    return seal(r.currentId(), r.current(), plain);
  }

  /** Seals under a key that need not be current yet (a rotation writing under the next key). */
  public byte[] encryptWith(byte[] key, String plain) {
    return seal(keyId(key), spec(key), plain);
  }

  public String decrypt(byte[] stored) {
    Ring r = ring;
    if (stored.length > MAGIC.length + ID_BYTES + NONCE_BYTES
        && Arrays.equals(stored, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      String id = Base64.getEncoder().encodeToString(Arrays.copyOfRange(stored, MAGIC.length, MAGIC.length + ID_BYTES));
      SecretKeySpec key = r.byId().get(id);
      if (key != null) {
        String plain = open(key, stored, MAGIC.length + ID_BYTES);
        if (plain != null) {
          return plain;
        }
      }
    }
    for (SecretKeySpec key : r.byId().values()) { // written before the keyring existed
      String plain = open(key, stored, 0);
      if (plain != null) {
        return plain;
      }
    }
    // never include the ciphertext or key material
    throw new IllegalStateException("a stored credential could not be decrypted: wrong master key?");
  }

  private byte[] seal(byte[] id, SecretKeySpec key, String plain) {
    try {
      byte[] nonce = new byte[NONCE_BYTES];
      random.nextBytes(nonce);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.allocate(MAGIC.length + ID_BYTES + NONCE_BYTES + sealed.length)
        .put(MAGIC).put(id).put(nonce).put(sealed).array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("credential encryption failed", e);
    }
  }

  private static String open(SecretKeySpec key, byte[] stored, int from) {
    if (stored.length < from + NONCE_BYTES + TAG_BITS / 8) {
      return null;
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, stored, from, NONCE_BYTES));
      byte[] plain = cipher.doFinal(stored, from + NONCE_BYTES, stored.length - from - NONCE_BYTES);
      return new String(plain, StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) {
      return null;
    }
  }

  private static byte[] decode(String base64) {
    try {
      return Base64.getDecoder().decode(base64.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the master key must be base64 of 32 random bytes");
    }
  }

  private static SecretKeySpec spec(byte[] key) {
    if (key.length != 32) {
      throw new IllegalArgumentException("the master key must be 32 bytes (base64 of 32 random bytes)");
    }
    return new SecretKeySpec(key.clone(), "AES");
  }

  private static byte[] keyId(byte[] key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(("sb-key-id:" + Base64.getEncoder()
        .encodeToString(key)).getBytes(StandardCharsets.US_ASCII));
      return Arrays.copyOf(digest, ID_BYTES);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  @Override
  public String toString() {
    return "CredentialCipher[current=" + currentKeyId() + "]";
  }
}
