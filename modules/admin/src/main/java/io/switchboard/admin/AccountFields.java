package io.switchboard.admin;

import io.switchboard.api.ProviderKind;
import io.switchboard.store.Account;
import io.switchboard.store.CredentialCipher;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An account as the admin API reads and writes it: a body becomes a row (credential and proxy encrypted here, every
 * bad field a 400 naming it), a row becomes JSON with its credential masked to its last four characters at most and
 * its proxy masked.
 */
final class AccountFields {
  static final Set<String> STATUSES = Set.of("active", "disabled", "banned", "rate_limited", "overloaded", "invalid");
  private final CredentialCipher cipher;
  private final ProxyFields proxies;

  AccountFields(CredentialCipher cipher) {
    this.cipher = cipher;
    this.proxies = new ProxyFields(cipher);
  }

  /** An account from the body over {@code current} (null on create). The credential is encrypted here. */
  Account fromBody(Fields body, Account current) {
    String name = current == null ? body.requiredText("name") : body.text("name", current.name());
    String provider = current == null ? body.requiredText("provider") : body.text("provider", current.provider());
    if (!ProviderKind.providerName(provider)) {
      throw AdminError.badField("provider", "must be one of " + ProviderKind.wireNames()
        + " or a provider an adapter from a jar serves (lower-case letters, digits and dashes)");
    }
    String baseUrl = current == null ? body.requiredText("baseUrl") : body.text("baseUrl", current.baseUrl());
    try {
      URI uri = new URI(baseUrl);
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
        throw AdminError.badField("baseUrl", "must be an http(s) URL");
      }
    } catch (URISyntaxException e) {
      throw AdminError.badField("baseUrl", "must be an http(s) URL");
    }
    baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    String apiKey = body.text("apiKey", null);
    byte[] credential = apiKey != null ? cipher.encrypt(apiKey)
      : current != null ? current.credential() : cipher.encrypt("");
    List<String> models = body.strings("models", current == null ? List.of() : current.models());
    JsonObject aliasJson = body.object("aliases", null);
    Map<String, String> aliases = current == null ? Map.of() : current.aliases();
    if (aliasJson != null) {
      Map<String, String> parsed = new HashMap<>();
      aliasJson.forEach(e -> {
        if (!(e.getValue() instanceof String target) || target.isBlank()) {
          throw AdminError.badField("aliases." + e.getKey(), "must name the upstream model");
        }
        parsed.put(e.getKey(), target);
      });
      aliases = parsed;
    }
    if (models.isEmpty() && aliases.isEmpty()) {
      throw AdminError.badField("models", "must list at least one model");
    }
    JsonObject options = body.object("options", current == null ? new JsonObject() : current.options());
    int priority = body.wholeInt("priority", current == null ? 0 : current.priority(), Integer.MIN_VALUE);
    int weight = body.wholeInt("weight", current == null ? 1 : current.weight(), 1);
    List<String> groups = body.strings("groups", current == null ? List.of("default") : current.groups());
    String status = body.oneOf("status", current == null ? "active" : current.status(), STATUSES);
    String reason = body.text("statusReason", current == null ? null : current.statusReason());
    Instant until = body.instant("statusUntil", current == null ? null : current.statusUntil());
    if (body.has("status") && !body.has("statusReason")) {
      reason = null; // a new status does not inherit the old one's reason
    }
    return new Account(current == null ? 0 : current.id(), name, provider, baseUrl, credential, models, aliases,
      options, priority, weight, status, groups, reason, until, current == null ? null : current.quota(),
      proxies.proxy(body, current == null ? null : current.proxy()), null,
      ProxyFields.headers(body, current == null ? Map.of() : current.headers()));
  }

  /** The account as the API shows it: the credential masked to its last four characters at most. */
  JsonObject view(Account a) {
    String plain = credential(a);
    JsonObject aliases = new JsonObject();
    a.aliases().forEach(aliases::put);
    return new JsonObject().put("id", a.id()).put("name", a.name()).put("provider", a.provider())
      .put("baseUrl", a.baseUrl()).put("credential", plain == null ? "(unreadable: wrong master key)" : mask(plain))
      .put("models", new JsonArray(a.models())).put("aliases", aliases).put("options", a.options())
      .put("priority", a.priority()).put("weight", a.weight()).put("groups", new JsonArray(a.groups()))
      .put("status", a.status()).put("statusReason", a.statusReason())
      .put("statusUntil", a.statusUntil() == null ? null : a.statusUntil().toString())
      .put("quota", AccountQuotaFields.view(a.quota())).put("proxy", proxies.masked(a.proxy()))
      .put("groupProxy", proxies.masked(a.groupProxy())).put("headers", ProxyFields.view(a.headers()));
  }

  /** "…f3a9" for a credential of 16 characters or more, "…" for anything shorter (too little to reveal any). */
  static String mask(String credential) {
    if (credential.isEmpty()) {
      return "";
    }
    return credential.length() >= 16 ? "…" + credential.substring(credential.length() - 4) : "…";
  }

  /** The plain credential, or null when the master key cannot read it. */
  String credential(Account a) {
    try {
      return a.credential() == null ? "" : cipher.decrypt(a.credential());
    } catch (IllegalStateException unreadable) {
      return null;
    }
  }
}
