package io.switchboard.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialCipherTest {
  private static final String K1 = Base64.getEncoder().encodeToString(new byte[32]);
  private static final String K2 = "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=";

  @Test
  void aKeyringReadsEveryKeyItKnowsAndWritesUnderTheCurrentOne() {
    byte[] underK1 = CredentialCipher.fromBase64(K1).encrypt("sk-one");
    CredentialCipher ring = CredentialCipher.fromBase64(K2, List.of(K1));
    assertEquals("sk-one", ring.decrypt(underK1));
    byte[] underK2 = ring.encrypt("sk-two");
    assertEquals("sk-two", CredentialCipher.fromBase64(K2).decrypt(underK2));
    assertThrows(IllegalStateException.class, () -> CredentialCipher.fromBase64(K1).decrypt(underK2));

    CredentialCipher rotating = CredentialCipher.fromBase64(K1);
    rotating.rotateTo(Base64.getDecoder().decode(K2));
    assertEquals("sk-one", rotating.decrypt(underK1), "the old key stays readable");
    assertEquals("sk-three", CredentialCipher.fromBase64(K2).decrypt(rotating.encrypt("sk-three")));
    assertNotEquals(CredentialCipher.fromBase64(K1).currentKeyId(), rotating.currentKeyId());
  }

  @Test
  void aRotationInterruptedBeforeItsLastStepLeavesBothKeysReadable(@TempDir Path dir) throws Exception {
    String first = MasterKeyFile.loadOrCreate(dir);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("master.key"))));
    String next = MasterKeyFile.writeNext(dir);
    assertEquals("rw-------",
      PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("master.key.next"))));
    byte[] sealedUnderNext = CredentialCipher.fromBase64(next).encrypt("sk-committed");
    // the process dies here: the rows may already be under the next key, master.key still holds the first

    assertEquals(first, MasterKeyFile.loadOrCreate(dir), "a restart keeps the current key");
    List<String> previous = MasterKeyFile.previousKeys(dir);
    assertEquals(List.of(next), previous, "and can still read what the next key sealed");
    assertEquals("sk-committed", CredentialCipher.fromBase64(first, previous).decrypt(sealedUnderNext));

    String third = MasterKeyFile.writeNext(dir);
    MasterKeyFile.promoteNext(dir);
    assertEquals(third, MasterKeyFile.loadOrCreate(dir));
    assertEquals(List.of(first), MasterKeyFile.previousKeys(dir), "the key it replaced is kept");
  }
}
