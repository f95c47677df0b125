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
 * for temporary states, the time it ends. {@code quota} is its request or token quota (null: none). {@code proxy} is
 * its outbound proxy URL, encrypted like the credential (null: none), {@code groupProxy} the one it inherits from the
 * first of its groups that has one (read only); {@code headers} are sent on each of its upstream calls.
 */
public record Account(long id, String name, String provider, String baseUrl, byte[] credential, List<String> models,
                      Map<String, String> aliases, JsonObject options, int priority, int weight, String status,
                      List<String> groups, String statusReason, Instant statusUntil, AccountQuota quota,
                      byte[] proxy, byte[] groupProxy, Map<String, String> headers) {

  public Account {
    headers = headers == null ? Map.of() : headers;
  }

  /** An account without proxy or headers. */
  public Account(long id, String name, String provider, String baseUrl, byte[] credential, List<String> models,
                 Map<String, String> aliases, JsonObject options, int priority, int weight, String status,
                 List<String> groups, String statusReason, Instant statusUntil, AccountQuota quota) {
    this(id, name, provider, baseUrl, credential, models, aliases, options, priority, weight, status, groups,
      statusReason, statusUntil, quota, null, null, Map.of());
  }

  /** The proxy its calls go through, encrypted: its own, else its group's; null for none. */
  public byte[] effectiveProxy() {
    return proxy != null ? proxy : groupProxy;
  }

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
