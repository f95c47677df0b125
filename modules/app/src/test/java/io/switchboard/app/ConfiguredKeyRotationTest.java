package io.switchboard.app;

import static io.switchboard.app.GatewayHarness.MODEL;
import static io.switchboard.app.GatewayHarness.UPSTREAM_KEY;
import static io.switchboard.app.GatewayHarness.chat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.api.Addresses;
import io.switchboard.api.ConfigChanged;
import io.switchboard.store.CredentialCipher;
import io.switchboard.testkit.TestStorage;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * With a configured master key, the old key goes to {@code security.previousMasterKeys}: credentials sealed under it
 * (even in the format written before key ids) still decrypt, and a rotation re-seals them under the current key.
 */
class ConfiguredKeyRotationTest extends AdminTest {
  private static final String OLD_KEY = "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=";

  @Override
  protected JsonObject adminOverrides() {
    return new JsonObject().put("security", new JsonObject().put("previousMasterKeys", new JsonArray().add(OLD_KEY)));
  }

  @Test
  void credentialsUnderAPreviousKeyDecryptAndARotationResealsThem() throws Exception {
    // a credential as written before key ids existed: nonce, ciphertext and tag under the old key
    byte[] legacy = legacySeal(OLD_KEY, UPSTREAM_KEY);
    TestStorage.query("update accounts set credential = decode('" + HexFormat.of().formatHex(legacy)
      + "', 'hex') where name = 'mock' returning id");
    gw.vertx.eventBus().publish(Addresses.CONFIG_CHANGED, new ConfigChanged(ConfigChanged.ACCOUNT, null));
    assertEquals(200, gw.post("/v1/chat/completions", GatewayHarness.CLIENT_KEY, chat(MODEL, false, null)).await()
      .status());
    assertEquals("Bearer " + UPSTREAM_KEY, gw.mock.received().get(0).headers().get("authorization"));

    GatewayHarness.Reply rotated = admin.post("/admin/security/master-key/rotate", admin.loginAdmin(), null);
    assertEquals(200, rotated.status(), rotated.body().toString());
    assertFalse(rotated.json().getBoolean("generated"));
    byte[] stored = HexFormat.of().parseHex(TestStorage.query("select encode(credential, 'hex') from accounts"
      + " where name = 'mock'").get(0));
    assertEquals(UPSTREAM_KEY, CredentialCipher.fromBase64("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=")
      .decrypt(stored), "readable by the current key alone");
    assertTrue(new String(stored, 0, 4, java.nio.charset.StandardCharsets.US_ASCII).equals("SBK1"));

    int sent = gw.mock.received().size();
    assertEquals(200, gw.post("/v1/chat/completions", GatewayHarness.CLIENT_KEY, chat(MODEL, false, null)).await()
      .status());
    assertEquals("Bearer " + UPSTREAM_KEY, gw.mock.received().get(sent).headers().get("authorization"));
  }

  private static byte[] legacySeal(String base64Key, String plain) throws Exception {
    byte[] nonce = new byte[12];
    new java.security.SecureRandom().nextBytes(nonce);
    javax.crypto.Cipher cipher = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(javax.crypto.Cipher.ENCRYPT_MODE, new javax.crypto.spec.SecretKeySpec(
      java.util.Base64.getDecoder().decode(base64Key), "AES"), new javax.crypto.spec.GCMParameterSpec(128, nonce));
    byte[] sealed = cipher.doFinal(plain.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return java.nio.ByteBuffer.allocate(12 + sealed.length).put(nonce).put(sealed).array();
  }
}
