package io.switchboard.providers.core;

/** An account ready to call: its base URL and decrypted credential. Never printed. */
public record UpstreamAccount(long id, String name, String baseUrl, String credential) {
  @Override
  public String toString() {
    return "UpstreamAccount[id=" + id + ", name=" + name + "]";
  }
}
