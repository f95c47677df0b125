package io.switchboard.app;

import static io.switchboard.app.GatewayHarness.MODEL;
import static io.switchboard.app.GatewayHarness.UPSTREAM_KEY;
import static io.switchboard.app.GatewayHarness.chat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.store.CredentialCipher;
import io.switchboard.testkit.TempDirs;
import io.switchboard.testkit.TestStorage;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** In embedded mode (key file under the data directory) a rotation generates a new key and re-encrypts everything. */
class MasterKeyRotationTest extends AdminTest {
  private static final Path DATA_DIR = TempDirs.create("sb-rotation");

  @Override
  protected JsonObject adminOverrides() {
    return new JsonObject().put("security", new JsonObject().put("masterKey", ""))
      .put("storage", new JsonObject().put("dataDir", DATA_DIR.toString()));
  }

  @Test
  void credentialsStillReachTheUpstreamAfterARotationAndTheStoredBytesChanged() throws Exception {
    assertEquals(200, gw.post("/v1/chat/completions", GatewayHarness.CLIENT_KEY, chat(MODEL, false, null)).await()
      .status());
    String oldKey = Files.readString(DATA_DIR.resolve("master.key")).trim();
    String before = storedCredential();

    GatewayHarness.Reply rotated = admin.post("/admin/security/master-key/rotate", admin.loginAdmin(), null);
    assertEquals(200, rotated.status(), rotated.body().toString());
    assertTrue(rotated.json().getBoolean("generated"));
    assertEquals(1, rotated.json().getInteger("reencrypted"));

    String after = storedCredential();
    assertNotEquals(before, after, "the stored bytes changed");
    assertTrue(after.startsWith(HexFormat.of().formatHex("SBK1".getBytes(StandardCharsets.US_ASCII))),
      "sealed with its key's id: " + after);
    String newKey = Files.readString(DATA_DIR.resolve("master.key")).trim();
    assertNotEquals(oldKey, newKey);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(DATA_DIR.resolve("master.key"))));
    assertEquals(oldKey, Files.readString(DATA_DIR.resolve("master.key.previous")).trim(), "kept readable");
    assertTrue(Files.notExists(DATA_DIR.resolve("master.key.next")));
    byte[] sealed = HexFormat.of().parseHex(after);
    assertEquals(UPSTREAM_KEY, CredentialCipher.fromBase64(newKey).decrypt(sealed), "what a restart reads");
    assertThrows(IllegalStateException.class, () -> CredentialCipher.fromBase64(oldKey).decrypt(sealed));

    int sent = gw.mock.received().size();
    assertEquals(200, gw.post("/v1/chat/completions", GatewayHarness.CLIENT_KEY, chat(MODEL, false, null)).await()
      .status());
    assertEquals("Bearer " + UPSTREAM_KEY, gw.mock.received().get(sent).headers().get("authorization"),
      "the provider decrypted the re-encrypted credential");
    assertEquals(1, TestStorage.query("select 1 from audit_log where action = 'security.master_key.rotate'").size());
  }

  private static String storedCredential() throws Exception {
    return TestStorage.query("select encode(credential, 'hex') from accounts where name = 'mock'").get(0);
  }
}
