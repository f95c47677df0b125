package io.switchboard.admin;

import io.switchboard.api.ConfigChanged;
import io.switchboard.store.AccountStore;
import io.switchboard.store.CredentialCipher;
import io.switchboard.store.MasterKeyFile;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

/**
 * Master-key rotation. With a configured key ({@code SB_MASTER_KEY}), every credential is re-encrypted under it (the
 * old key listed in {@code security.previousMasterKeys}). In embedded mode a new key is generated: written to
 * {@code master.key.next} first, every credential re-encrypted under it in one transaction, and only then made
 * current in memory and on disk, so a crash at any point leaves every credential readable by the keys on disk.
 */
final class MasterKeyRoutes {
  private static final String LOCK = "sb.master-key.rotate";
  private final Vertx vertx;
  private final AccountStore accounts;
  private final CredentialCipher cipher;
  private final String masterKeyDir;
  private final AuditTrail audit;
  private final ConfigAnnouncer announcer;

  /** {@code masterKeyDir}: where the embedded mode keeps its key files; null with a configured key. */
  MasterKeyRoutes(Vertx vertx, AccountStore accounts, CredentialCipher cipher, String masterKeyDir, AuditTrail audit,
                  ConfigAnnouncer announcer) {
    this.vertx = vertx;
    this.accounts = accounts;
    this.cipher = cipher;
    this.masterKeyDir = masterKeyDir;
    this.audit = audit;
    this.announcer = announcer;
  }

  void register(Map<String, AdminOperation> ops) {
    ops.put("rotateMasterKey", this::rotate);
  }

  private Future<Answer> rotate(Call call) {
    return vertx.sharedData().getLocalLockWithTimeout(LOCK, 60_000)
      .recover(busy -> Future.failedFuture(AdminError.conflict("a rotation is already running")))
      .compose(lock -> (masterKeyDir == null ? reencryptUnderCurrent() : generateAndRotate())
        .eventually(() -> {
          lock.release();
          return Future.succeededFuture();
        }))
      .compose(result -> audit.ok(call, "security.master_key.rotate", "master_key", result.getString("keyId"),
        null, result).map(v -> result))
      .compose(result -> {
        announcer.changed(ConfigChanged.ACCOUNT, null);
        return Answer.ok(result);
      });
  }

  private Future<JsonObject> reencryptUnderCurrent() {
    return accounts.reencryptAll(stored -> cipher.encrypt(cipher.decrypt(stored)))
      .map(count -> new JsonObject().put("reencrypted", count).put("generated", false)
        .put("keyId", cipher.currentKeyId()));
  }

  private Future<JsonObject> generateAndRotate() {
    Path dir = Path.of(masterKeyDir);
    return vertx.executeBlocking(() -> MasterKeyFile.writeNext(dir), false).compose(nextBase64 -> {
      byte[] next = Base64.getDecoder().decode(nextBase64);
      cipher.addKey(next);
      return accounts.reencryptAll(stored -> cipher.encryptWith(next, cipher.decrypt(stored)))
        .compose(count -> {
          cipher.rotateTo(next);
          return vertx.executeBlocking(() -> {
            MasterKeyFile.promoteNext(dir);
            return count;
          }, false);
        });
    }).map(count -> new JsonObject().put("reencrypted", count).put("generated", true)
      .put("keyId", cipher.currentKeyId()));
  }
}
