package io.switchboard.store;

/**
 * A user group: its price ratio in parts per million, its scheduling strategy, a description, and the outbound proxy
 * URL its accounts use when they name none ({@code proxy}, encrypted like credentials; null: none).
 */
public record UserGroup(String name, long ratioPpm, String strategy, String description, byte[] proxy) {

  /** A group without a proxy. */
  public UserGroup(String name, long ratioPpm, String strategy, String description) {
    this(name, ratioPpm, strategy, description, null);
  }
}
