package io.switchboard.providers.core;

import io.vertx.core.json.JsonObject;

/** An account ready to call: its base URL, decrypted credential and provider options. Never printed. */
public record UpstreamAccount(long id, String name, String baseUrl, String credential, JsonObject options) {
  @Override
  public String toString() {
    return "UpstreamAccount[id=" + id + ", name=" + name + "]";
  }
}
