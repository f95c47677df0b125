package io.switchboard.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Who is calling: an enabled client key, the user who owns it (0 when none) and that user's group, the models it may
 * use (globs such as {@code gpt-4o*} or {@code *}) and the provider kinds it may reach (empty: any).
 * {@code admission} is how this request was admitted against limits and quotas (null when the key has none or the
 * call only identified the key); on fallback {@code group} is already the fallback group. {@code captureBodies}: the
 * request and response bodies of this key's requests are to be kept (the key or its user's group is switched on).
 */
public record Principal(long keyId, String keyName, List<String> allowedModels, long userId, String group,
                        List<ProviderKind> allowedProviders, Admission admission, boolean captureBodies) {

  public static final String DEFAULT_GROUP = "default";

  public Principal {
    allowedModels = List.copyOf(allowedModels);
    allowedProviders = allowedProviders == null ? List.of() : List.copyOf(allowedProviders);
    group = group == null ? DEFAULT_GROUP : group;
  }

  public Principal(long keyId, String keyName, List<String> allowedModels, long userId, String group,
                   List<ProviderKind> allowedProviders, Admission admission) {
    this(keyId, keyName, allowedModels, userId, group, allowedProviders, admission, false);
  }

  public Principal(long keyId, String keyName, List<String> allowedModels, long userId, String group,
                   List<ProviderKind> allowedProviders) {
    this(keyId, keyName, allowedModels, userId, group, allowedProviders, null);
  }

  /** A key with no owner, in the default group, reaching any provider. */
  public Principal(long keyId, String keyName, List<String> allowedModels) {
    this(keyId, keyName, allowedModels, 0, DEFAULT_GROUP, List.of());
  }

  /** This principal for one request: admitted as said, running on {@code group}. */
  public Principal admitted(Admission how, String runGroup) {
    return new Principal(keyId, keyName, allowedModels, userId, runGroup, allowedProviders, how, captureBodies);
  }

  /** This principal with its bodies kept or not. */
  public Principal capturing(boolean capture) {
    return capture == captureBodies ? this
      : new Principal(keyId, keyName, allowedModels, userId, group, allowedProviders, admission, capture);
  }

  public boolean allows(String model) {
    for (String pattern : allowedModels) {
      if (ModelGlob.matches(pattern, model)) {
        return true;
      }
    }
    return false;
  }

  public JsonObject toJson() {
    return new JsonObject().put("keyId", keyId).put("keyName", keyName).put("allowedModels", new JsonArray(allowedModels))
      .put("userId", userId).put("group", group).put("allowedProviders", ProviderKind.toJson(allowedProviders))
      .put("admission", admission == null ? null : admission.toJson()).put("captureBodies", captureBodies);
  }

  @SuppressWarnings("unchecked")
  public static Principal fromJson(JsonObject json) {
    return new Principal(json.getLong("keyId"), json.getString("keyName"),
      json.getJsonArray("allowedModels").getList(), json.getLong("userId", 0L), json.getString("group"),
      ProviderKind.fromJson(json.getJsonArray("allowedProviders")),
      Admission.fromJson(json.getJsonObject("admission")), json.getBoolean("captureBodies", false));
  }
}
