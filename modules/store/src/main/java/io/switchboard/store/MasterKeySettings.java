package io.switchboard.store;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * The master keys the app hands a role that decrypts credentials: the current key, earlier keys that may still have
 * sealed some, and the directory of the generated key file (null when the key is configured). Written with
 * {@link #putInto}, read with {@link #from}.
 */
public record MasterKeySettings(String masterKey, List<String> previousMasterKeys, String masterKeyDir) {

  /** The keys in a role's config; {@code role} names the section in messages. */
  public static MasterKeySettings from(String role, JsonObject conf) {
    if (conf.getString("masterKey") == null) {
      throw new IllegalArgumentException(role + ": masterKey must be set by the app");
    }
    return new MasterKeySettings(conf.getString("masterKey"), previousKeys(conf.getValue("previousMasterKeys")),
      conf.getString("masterKeyDir"));
  }

  /** {@code security.previousMasterKeys}: a list, or comma-separated as the environment gives it. */
  public static List<String> previousKeys(Object value) {
    List<String> out = new ArrayList<>();
    if (value instanceof JsonArray array) {
      array.forEach(v -> out.add(String.valueOf(v)));
    } else if (value instanceof String text) {
      out.addAll(List.of(text.split(",")));
    }
    out.replaceAll(String::trim);
    out.removeIf(String::isEmpty);
    return List.copyOf(out);
  }

  /** Adds the keys to a role's config section and returns it. */
  public JsonObject putInto(JsonObject conf) {
    return conf.put("masterKey", masterKey).put("previousMasterKeys", new JsonArray(previousMasterKeys))
      .put("masterKeyDir", masterKeyDir);
  }

  /** The keyring every verticle of this Vert.x instance shares (a rotation is seen by all at once). */
  public CredentialCipher cipher(Vertx vertx) {
    return CredentialCipher.shared(vertx, masterKey, previousMasterKeys);
  }

  @Override
  public String toString() {
    return "MasterKeySettings[previous=" + previousMasterKeys.size() + "]"; // never the keys
  }
}
