package io.switchboard.providers.core;

import io.vertx.core.json.JsonObject;

/** An account ready to call: its base URL, decrypted credential and provider options. Never printed. */
public record UpstreamAccount(long id, String name, String baseUrl, String credential, JsonObject options) {
  /** What hides this account's credential and whereabouts in the upstream's words (made when an error needs it). */
  public SecretScrubber scrubber() {
    return SecretScrubber.of(credential, baseUrl);
  }

  @Override
  public String toString() {
    return "UpstreamAccount[id=" + id + ", name=" + name + "]";
  }
}
