package io.switchboard.store;

import io.switchboard.api.ApiKeys;
import io.switchboard.api.ProviderKind;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Syncs the config's {@code bootstrap} section into PostgreSQL: accounts are created or updated by name, client keys
 * by their secret or else by owner and name. A key given in plain text is stored only as its SHA-256 and display
 * prefix.
 */
public final class Bootstrap {
  private final AccountStore accounts;
  private final ApiKeyStore keys;
  private final CredentialCipher cipher;
  private final UserStore users;
  private final String defaultOwner;

  public Bootstrap(AccountStore accounts, ApiKeyStore keys, CredentialCipher cipher) {
    this(accounts, keys, cipher, null, null);
  }

  /** Keys belong to the user their {@code user} names, else to {@code defaultOwner} (the initial admin). */
  public Bootstrap(AccountStore accounts, ApiKeyStore keys, CredentialCipher cipher, UserStore users,
                   String defaultOwner) {
    this.accounts = accounts;
    this.keys = keys;
    this.cipher = cipher;
    this.users = users;
    this.defaultOwner = defaultOwner;
  }

  /** Validates the whole section first (the message names the bad key), then writes it. */
  public Future<Void> sync(JsonObject bootstrap) {
    JsonArray accountList = bootstrap.getJsonArray("accounts", new JsonArray());
    JsonArray keyList = bootstrap.getJsonArray("keys", new JsonArray());
    try {
      for (int i = 0; i < accountList.size(); i++) {
        validateAccount("bootstrap.accounts[" + i + "]", entry("bootstrap.accounts[" + i + "]", accountList.getValue(i)));
      }
      for (int i = 0; i < keyList.size(); i++) {
        validateKey("bootstrap.keys[" + i + "]", entry("bootstrap.keys[" + i + "]", keyList.getValue(i)));
      }
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    // one after another, in the order declared, so ids follow the file
    Future<Long> chain = Future.succeededFuture();
    for (int i = 0; i < accountList.size(); i++) {
      JsonObject a = accountList.getJsonObject(i);
      chain = chain.compose(v -> accounts.upsert(a.getString("name"), a.getString("provider"),
        stripSlash(a.getString("baseUrl")), cipher.encrypt(a.getString("apiKey", "")), strings(a.getJsonArray("models")),
        aliases(a.getJsonObject("aliases", new JsonObject())), a.getJsonObject("options", new JsonObject()),
        a.getInteger("priority", 0), a.getInteger("weight", 1))
        .compose(id -> accounts.setGroups(a.getString("name"),
          strings(a.getJsonArray("groups", new JsonArray().add("default")))).map(id))
        .compose(id -> !a.containsKey("proxy") && !a.containsKey("headers") ? Future.succeededFuture(id)
          : accounts.setTransport(a.getString("name"), a.getString("proxy", "").isBlank() ? null
            : cipher.encrypt(a.getString("proxy")), aliases(a.getJsonObject("headers", new JsonObject()))).map(id)));
    }
    for (int i = 0; i < keyList.size(); i++) {
      JsonObject k = keyList.getJsonObject(i);
      String key = k.getString("key");
      ApiKeyStore.Limits limits = new ApiKeyStore.Limits(k.getInteger("rpm"), k.getInteger("tpm"),
        k.getInteger("maxConcurrency"), k.getLong("budget"));
      String at = "bootstrap.keys[" + i + "].user";
      chain = chain.compose(v -> owner(k.getString("user", defaultOwner), at)
        .compose(userId -> keys.upsert(userId, k.getString("name"), ApiKeys.sha256Hex(key), ApiKeys.displayPrefix(key),
          strings(k.getJsonArray("models", new JsonArray().add("*"))), limits)));
    }
    return chain.mapEmpty();
  }

  /** The id of the named user, null when no user store or name is given; fails naming the key if absent. */
  private Future<Long> owner(String username, String at) {
    if (users == null || username == null) {
      return Future.succeededFuture(null);
    }
    return users.findByName(username).compose(user -> user == null
      ? Future.failedFuture(new IllegalArgumentException(at + ": no user is named '" + username + "'"))
      : Future.succeededFuture(user.id()));
  }

  private static void validateAccount(String at, JsonObject a) {
    require(at, a, "name");
    String provider = require(at, a, "provider");
    if (!ProviderKind.providerName(provider)) {
      throw new IllegalArgumentException(at + ".provider: unknown provider '" + provider + "' (known: "
        + ProviderKind.wireNames() + ", or the name an adapter from a jar serves)");
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
    JsonArray models = typed(at, a, "models", JsonArray.class, new JsonArray());
    JsonObject aliases = typed(at, a, "aliases", JsonObject.class, new JsonObject());
    typed(at, a, "options", JsonObject.class, new JsonObject());
    typed(at, a, "apiKey", String.class, "");
    JsonArray groups = typed(at, a, "groups", JsonArray.class, new JsonArray());
    for (int i = 0; i < groups.size(); i++) {
      if (!(groups.getValue(i) instanceof String group) || group.isBlank()) {
        throw new IllegalArgumentException(at + ".groups[" + i + "] must be a group name");
      }
    }
    if (models.isEmpty() && aliases.isEmpty()) {
      throw new IllegalArgumentException(at + ".models must list at least one model");
    }
    for (int i = 0; i < models.size(); i++) {
      if (!(models.getValue(i) instanceof String model) || model.isBlank()) {
        throw new IllegalArgumentException(at + ".models[" + i + "] must be a model name");
      }
    }
    aliases.forEach(e -> {
      if (!(e.getValue() instanceof String target) || target.isBlank()) {
        throw new IllegalArgumentException(at + ".aliases." + e.getKey() + " must name the upstream model");
      }
    });
    String proxy = typed(at, a, "proxy", String.class, "");
    if (!proxy.isBlank()) {
      try {
        ProxyUrl.parse(proxy);
      } catch (IllegalArgumentException bad) {
        throw new IllegalArgumentException(at + ".proxy " + bad.getMessage());
      }
    }
    typed(at, a, "headers", JsonObject.class, new JsonObject()).forEach(header -> {
      String problem = AccountHeaders.problem(header.getKey(), header.getValue());
      if (problem != null) {
        throw new IllegalArgumentException(at + ".headers." + header.getKey() + " " + problem);
      }
    });
    wholeNumber(at, a, "priority");
    if (wholeNumber(at, a, "weight") && a.getInteger("weight") < 1) {
      throw new IllegalArgumentException(at + ".weight must be at least 1");
    }
  }

  private static void validateKey(String at, JsonObject k) {
    if (require(at, k, "name").length() > ApiKeyStore.MAX_NAME) {
      throw new IllegalArgumentException(at + ".name must be at most " + ApiKeyStore.MAX_NAME + " characters");
    }
    String key = require(at, k, "key");
    if (key.length() < 16) {
      throw new IllegalArgumentException(at + ".key must be at least 16 characters");
    }
    typed(at, k, "user", String.class, "");
    JsonArray models = typed(at, k, "models", JsonArray.class, new JsonArray());
    for (int i = 0; i < models.size(); i++) {
      if (!(models.getValue(i) instanceof String)) {
        throw new IllegalArgumentException(at + ".models[" + i + "] must be a model name or glob");
      }
    }
    for (String limit : List.of("rpm", "tpm", "maxConcurrency")) {
      if (wholeNumber(at, k, limit) && (k.getLong(limit) < 1 || k.getLong(limit) > Integer.MAX_VALUE)) {
        throw new IllegalArgumentException(at + "." + limit + " must be a whole number from 1 to " + Integer.MAX_VALUE);
      }
    }
    if (wholeNumber(at, k, "budget") && k.getLong("budget") < 0) {
      throw new IllegalArgumentException(at + ".budget must be a whole number of micro-units, at least 0");
    }
  }

  private static JsonObject entry(String at, Object value) {
    if (!(value instanceof JsonObject entry)) {
      throw new IllegalArgumentException(at + " must be a map of keys");
    }
    return entry;
  }

  private static <T> T typed(String at, JsonObject entry, String field, Class<T> type, T fallback) {
    Object value = entry.getValue(field);
    if (value == null) {
      return fallback;
    }
    if (!type.isInstance(value)) {
      String expected = type == JsonArray.class ? "a list" : type == JsonObject.class ? "a map" : "text";
      throw new IllegalArgumentException(at + "." + field + " must be " + expected);
    }
    return type.cast(value);
  }

  /** True when present; absent is fine, anything but a whole number names the key. */
  private static boolean wholeNumber(String at, JsonObject entry, String field) {
    Object value = entry.getValue(field);
    if (value == null) {
      return false;
    }
    if (!(value instanceof Integer || value instanceof Long)) {
      throw new IllegalArgumentException(at + "." + field + " must be a whole number");
    }
    return true;
  }

  private static String require(String at, JsonObject entry, String field) {
    Object value = entry.getValue(field);
    if (!(value instanceof String s) || s.isBlank()) {
      throw new IllegalArgumentException(at + "." + field + " is required");
    }
    return s;
  }

  private static Map<String, String> aliases(JsonObject json) {
    Map<String, String> out = new HashMap<>();
    json.forEach(e -> out.put(e.getKey(), String.valueOf(e.getValue())));
    return out;
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
