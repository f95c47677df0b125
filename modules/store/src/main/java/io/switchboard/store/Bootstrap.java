package io.switchboard.store;

import io.switchboard.api.ApiKeys;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Syncs the config's {@code bootstrap} section into PostgreSQL: accounts and client keys are created or updated
 * by name. A key given in plain text is stored only as its SHA-256 and display prefix.
 */
public final class Bootstrap {
  private static final Set<String> PROVIDERS = Set.of("openai");
  private final AccountStore accounts;
  private final ApiKeyStore keys;
  private final CredentialCipher cipher;

  public Bootstrap(AccountStore accounts, ApiKeyStore keys, CredentialCipher cipher) {
    this.accounts = accounts;
    this.keys = keys;
    this.cipher = cipher;
  }

  /** Validates the whole section first (the message names the bad key), then writes it. */
  public Future<Void> sync(JsonObject bootstrap) {
    JsonArray accountList = bootstrap.getJsonArray("accounts", new JsonArray());
    JsonArray keyList = bootstrap.getJsonArray("keys", new JsonArray());
    try {
      for (int i = 0; i < accountList.size(); i++) {
        validateAccount("bootstrap.accounts[" + i + "]", accountList.getJsonObject(i));
      }
      for (int i = 0; i < keyList.size(); i++) {
        validateKey("bootstrap.keys[" + i + "]", keyList.getJsonObject(i));
      }
    } catch (ClassCastException e) {
      return Future.failedFuture(new IllegalArgumentException("bootstrap entries must be maps"));
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    // one after another, in the order declared, so ids follow the file
    Future<Long> chain = Future.succeededFuture();
    for (int i = 0; i < accountList.size(); i++) {
      JsonObject a = accountList.getJsonObject(i);
      chain = chain.compose(v -> accounts.upsert(a.getString("name"), a.getString("provider"),
        stripSlash(a.getString("baseUrl")), cipher.encrypt(a.getString("apiKey", "")), strings(a.getJsonArray("models")),
        a.getInteger("priority", 0), a.getInteger("weight", 1)));
    }
    for (int i = 0; i < keyList.size(); i++) {
      JsonObject k = keyList.getJsonObject(i);
      String key = k.getString("key");
      chain = chain.compose(v -> keys.upsert(k.getString("name"), ApiKeys.sha256Hex(key), ApiKeys.displayPrefix(key),
        strings(k.getJsonArray("models", new JsonArray().add("*")))));
    }
    return chain.mapEmpty();
  }

  private static void validateAccount(String at, JsonObject a) {
    require(at, a, "name");
    String provider = require(at, a, "provider");
    if (!PROVIDERS.contains(provider)) {
      throw new IllegalArgumentException(at + ".provider: unknown provider '" + provider + "' (known: " + PROVIDERS + ")");
    }
    String baseUrl = require(at, a, "baseUrl");
    try {
      URI uri = new URI(baseUrl);
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
        throw new IllegalArgumentException(at + ".baseUrl must be an http(s) URL");
      }
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException(at + ".baseUrl is not a valid URL");
    }
    if (a.getJsonArray("models", new JsonArray()).isEmpty()) {
      throw new IllegalArgumentException(at + ".models must list at least one model");
    }
    if (a.getInteger("weight", 1) < 1) {
      throw new IllegalArgumentException(at + ".weight must be at least 1");
    }
  }

  private static void validateKey(String at, JsonObject k) {
    require(at, k, "name");
    String key = require(at, k, "key");
    if (key.length() < 16) {
      throw new IllegalArgumentException(at + ".key must be at least 16 characters");
    }
  }

  private static String require(String at, JsonObject entry, String field) {
    Object value = entry.getValue(field);
    if (!(value instanceof String s) || s.isBlank()) {
      throw new IllegalArgumentException(at + "." + field + " is required");
    }
    return s;
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  private static List<String> strings(JsonArray array) {
    List<String> out = new ArrayList<>();
    array.forEach(o -> out.add(String.valueOf(o)));
    return out;
  }
}
