package io.switchboard.app;

import static io.switchboard.app.GatewayHarness.CLIENT_KEY;
import static io.switchboard.app.GatewayHarness.MODEL;
import static io.switchboard.app.GatewayHarness.chat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.api.Addresses;
import io.switchboard.api.ConfigChanged;
import io.switchboard.testkit.TestStorage;
import org.junit.jupiter.api.Test;

/** Key checks are cached, and the cache lets go the moment a change is announced on sb.config.changed. */
class KeyCacheTest extends GatewayTest {

  @Test
  void aDisabledKeyIsRefusedOnceTheChangeIsAnnounced() throws Exception {
    assertEquals(200, gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, false, null)).await().status());
    TestStorage.query("update api_keys set enabled = false where name = 'client' returning id");

    assertEquals(200, gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, false, null)).await().status(),
      "served from the cache until someone announces the change");

    gw.vertx.eventBus().publish(Addresses.CONFIG_CHANGED, new ConfigChanged(ConfigChanged.API_KEY, null));
    GatewayHarness.Reply refused = untilStatusIsNot(200, CLIENT_KEY);
    assertEquals(403, refused.status());
    assertEquals("This API key has been disabled.", refused.json().getJsonObject("error").getString("message"));
  }

  @Test
  void aKeyRowNamingAnUnknownProviderIsRefusedNotLeftHanging() throws Exception {
    TestStorage.query("update api_keys set allowed_providers = '{openai,not-a-provider}' where name = 'client'"
      + " returning id");
    GatewayHarness.Reply refused = gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, false, null)).await();
    assertEquals(403, refused.status());
    assertEquals("This API key allows a provider this gateway does not know.",
      refused.json().getJsonObject("error").getString("message"));
  }

  @Test
  void aNewKeyWorksWithoutARestartOnceAnnounced() throws Exception {
    String key = "sb-created-later-0123456789";
    assertEquals(401, gw.post("/v1/chat/completions", key, chat(MODEL, false, null)).await().status());
    TestStorage.query("insert into api_keys (name, key_hash, display_prefix) values ('later', '"
      + io.switchboard.api.ApiKeys.sha256Hex(key) + "', 'sb-…6789') returning id");
    gw.vertx.eventBus().publish(Addresses.CONFIG_CHANGED, new ConfigChanged(ConfigChanged.API_KEY, null));
    assertEquals(200, untilStatusIsNot(401, key).status());
  }

  /** The publish is asynchronous: ask again, bounded, until the answer changes. */
  private GatewayHarness.Reply untilStatusIsNot(int status, String key) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 5000;
    GatewayHarness.Reply reply = gw.post("/v1/chat/completions", key, chat(MODEL, false, null)).await();
    while (reply.status() == status && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
      reply = gw.post("/v1/chat/completions", key, chat(MODEL, false, null)).await();
    }
    return reply;
  }
}
