package io.switchboard.store;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An upstream account row; {@code credential} is the encrypted API key (decrypt with {@link CredentialCipher}).
 * {@code aliases} maps a model name clients use to the name this upstream knows; {@code options} holds
 * provider-specific settings (Azure {@code apiVersion}, AWS {@code region}). {@code groups} are the user groups it
 * serves; {@code status} is one of active, disabled, banned, rate_limited, overloaded, invalid, with a reason and,
 * for temporary states, the time it ends. {@code quota} is its request or token quota (null: none).
 */
public record Account(long id, String name, String provider, String baseUrl, byte[] credential, List<String> models,
                      Map<String, String> aliases, JsonObject options, int priority, int weight, String status,
                      List<String> groups, String statusReason, Instant statusUntil, AccountQuota quota) {

  /** An account without a quota. */
  public Account(long id, String name, String provider, String baseUrl, byte[] credential, List<String> models,
                 Map<String, String> aliases, JsonObject options, int priority, int weight, String status,
                 List<String> groups, String statusReason, Instant statusUntil) {
    this(id, name, provider, baseUrl, credential, models, aliases, options, priority, weight, status, groups,
      statusReason, statusUntil, null);
  }

  /** An active account serving the default group. */
  public Account(long id, String name, String provider, String baseUrl, byte[] credential, List<String> models,
                 Map<String, String> aliases, JsonObject options, int priority, int weight, String status) {
    this(id, name, provider, baseUrl, credential, models, aliases, options, priority, weight, status,
      List.of("default"), null, null);
  }

  /** Every name a client may ask this account for: its models and its aliases. */
  public List<String> servedNames() {
    List<String> names = new java.util.ArrayList<>(models);
    aliases.keySet().stream().filter(a -> !models.contains(a)).forEach(names::add);
    return names;
  }

  /** The name to send upstream for a client's model name. */
  public String upstreamName(String clientModel) {
    return aliases.getOrDefault(clientModel, clientModel);
  }

  @Override
  public String toString() {
    return "Account[id=" + id + ", name=" + name + ", provider=" + provider + "]";
  }
}
