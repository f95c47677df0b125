package io.switchboard.admin;

import io.switchboard.store.AccountHeaders;
import io.switchboard.store.CredentialCipher;
import io.switchboard.store.ProxyUrl;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;

/**
 * Outbound proxies and static headers as the admin API takes and shows them: a proxy URL is encrypted on write like a
 * credential and only ever shown masked ({@code http://***@host:port}); headers are checked by name and value.
 */
final class ProxyFields {
  private final CredentialCipher cipher;

  ProxyFields(CredentialCipher cipher) {
    this.cipher = cipher;
  }

  /** The proxy the body sets ({@code ""} or null: none), encrypted; {@code current} when the body names none. */
  byte[] proxy(Fields body, byte[] current) {
    if (!body.has("proxy")) {
      return current;
    }
    String url = body.text("proxy", null);
    if (url == null || url.isBlank()) {
      return null;
    }
    try {
      ProxyUrl.parse(url);
    } catch (IllegalArgumentException bad) {
      throw AdminError.badField("proxy", bad.getMessage());
    }
    return cipher.encrypt(url.trim());
  }

  /** The headers the body sets, {@code current} when it names none. */
  static Map<String, String> headers(Fields body, Map<String, String> current) {
    JsonObject headers = body.object("headers", null);
    if (headers == null) {
      return body.has("headers") ? Map.of() : current;
    }
    Map<String, String> out = new HashMap<>();
    headers.forEach(header -> {
      String problem = AccountHeaders.problem(header.getKey(), header.getValue());
      if (problem != null) {
        throw AdminError.badField("headers." + header.getKey(), problem);
      }
      out.put(header.getKey(), (String) header.getValue());
    });
    return out;
  }

  /** The proxy as the API shows it: its URL with the credentials masked; null for none. */
  String masked(byte[] sealed) {
    if (sealed == null) {
      return null;
    }
    try {
      return ProxyUrl.masked(cipher.decrypt(sealed));
    } catch (IllegalStateException | IllegalArgumentException unreadable) {
      return "(unreadable: wrong master key)";
    }
  }

  static JsonObject view(Map<String, String> headers) {
    JsonObject out = new JsonObject();
    headers.forEach(out::put);
    return out;
  }
}
