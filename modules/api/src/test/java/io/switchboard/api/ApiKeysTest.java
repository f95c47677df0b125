package io.switchboard.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** A key is stored as its SHA-256 in hex: the same for the same key on any thread, however often it is hashed. */
class ApiKeysTest {
  private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

  @Test
  void aKeyHashesToItsSha256OnEveryCallAndThread() throws Exception {
    assertEquals(ABC, ApiKeys.sha256Hex("abc"));
    assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", ApiKeys.sha256Hex(""));
    assertEquals(ABC, ApiKeys.sha256Hex("abc"), "the digest kept for this thread starts over each time");
    assertEquals(ABC, CompletableFuture.supplyAsync(() -> ApiKeys.sha256Hex("abc")).get());
  }

  @Test
  void aTextFedInPartsHashesAsWholeAndAFailedFeedLeavesNothingBehind() {
    assertEquals(ABC, ApiKeys.sha256Hex(digest -> {
      digest.update((byte) 'a');
      digest.update(new byte[] {'b', 'c'});
    }));
    assertThrows(IllegalStateException.class, () -> ApiKeys.sha256Hex(digest -> {
      digest.update((byte) 'x');
      throw new IllegalStateException("a part could not be read");
    }));
    assertEquals(ABC, ApiKeys.sha256Hex("abc"), "the next key on this thread is not hashed after the stray byte");
  }

  @Test
  void theDisplayPrefixShowsTooLittleToCall() {
    assertEquals("sb-…ef01", ApiKeys.displayPrefix("sb-0123456789abcdef01"));
  }
}
