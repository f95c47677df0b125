package io.switchboard.admin;

import io.switchboard.api.ConfigChanged;
import io.switchboard.store.MasterKeyFile;
import io.vertx.core.Future;
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
  private final AdminContext admin;

  MasterKeyRoutes(AdminContext admin) {
    this.admin = admin;
  }

  void register(Map<String, AdminOperation> ops) {
    ops.put("rotateMasterKey", this::rotate);
  }

  private Future<Answer> rotate(Call call) {
    return admin.vertx().sharedData().getLocalLockWithTimeout(LOCK, 60_000)
      .recover(busy -> Future.failedFuture(AdminError.conflict("a rotation is already running")))
      .compose(lock -> (admin.settings().masterKeyDir() == null ? reencryptUnderCurrent() : generateAndRotate())
        .eventually(() -> {
          lock.release();
          return Future.succeededFuture();
        }))
      .compose(result -> admin.audit().ok(call, "security.master_key.rotate", "master_key", result.getString("keyId"),
        null, result).map(v -> result))
      .compose(result -> {
        admin.changed(ConfigChanged.ACCOUNT, null);
        return Answer.ok(result);
      });
  }

  private Future<JsonObject> reencryptUnderCurrent() {
    return admin.accounts().reencryptAll(stored -> admin.cipher().encrypt(admin.cipher().decrypt(stored)))
      .map(count -> new JsonObject().put("reencrypted", count).put("generated", false)
        .put("keyId", admin.cipher().currentKeyId()));
  }

  private Future<JsonObject> generateAndRotate() {
    Path dir = Path.of(admin.settings().masterKeyDir());
    return admin.vertx().executeBlocking(() -> MasterKeyFile.writeNext(dir), false).compose(nextBase64 -> {
      byte[] next = Base64.getDecoder().decode(nextBase64);
      admin.cipher().addKey(next);
      return admin.accounts().reencryptAll(stored -> admin.cipher().encryptWith(next, admin.cipher().decrypt(stored)))
        .compose(count -> {
          admin.cipher().rotateTo(next);
          return admin.vertx().executeBlocking(() -> {
            MasterKeyFile.promoteNext(dir);
            return count;
          }, false);
        });
    }).map(count -> new JsonObject().put("reencrypted", count).put("generated", true)
      .put("keyId", admin.cipher().currentKeyId()));
  }
}
