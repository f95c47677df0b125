package io.switchboard.app;

import static io.switchboard.app.GatewayHarness.CLIENT_KEY;
import static io.switchboard.app.GatewayHarness.LIMITED_KEY;
import static io.switchboard.app.GatewayHarness.UPSTREAM_KEY;
import static io.switchboard.testkit.TestStorage.awaitRows;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.api.Addresses;
import io.switchboard.api.ConfigChanged;
import io.switchboard.app.GatewayHarness.Reply;
import io.switchboard.testkit.MockBehavior;
import io.switchboard.testkit.MockPassThrough;
import io.switchboard.testkit.MockResponses;
import io.switchboard.testkit.ReceivedRequest;
import io.switchboard.testkit.TestStorage;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Requests the gateway does not model, through the real gateway to the mock upstream: JSON, SSE and binary bodies
 * both ways (a body many times the read-whole size streams up), the credential swap, the model allow-list, failover
 * before the first byte, and the usage row of each (tokens or units where reported, else bytes and status).
 */
class PassThroughTest extends GatewayTest {
  private static final int BUFFERED = 64 * 1024;

  @Override
  protected JsonObject overrides() {
    // modelled routes take at most 256 KiB; pass-through reads 64 KiB whole and streams the rest
    return new JsonObject().put("http", new JsonObject().put("maxBodyBytes", 256 * 1024))
      .put("ingress", new JsonObject().put("passThrough", new JsonObject().put("bufferBytes", BUFFERED)));
  }

  private Reply call(HttpMethod method, String uri, Map<String, String> headers, Buffer body) {
    RequestOptions options = new RequestOptions().setMethod(method).setURI(uri);
    headers.forEach(options::putHeader);
    return gw.exchange(options, body).await();
  }

  private static Map<String, String> bearer(String contentType) {
    return Map.of("authorization", "Bearer " + CLIENT_KEY, "content-type", contentType);
  }

  private static Buffer everyByte(int length) {
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      bytes[i] = (byte) (i * 131 + i / 256);
    }
    return Buffer.buffer(bytes);
  }

  @Test
  void clientsLeavingRightAfterAskingHoldNothing() throws Exception {
    // admitted before their bodies are read: one that left then held its admission until the body's time limit
    for (int bodyBytes : new int[] {2048, BUFFERED + 4096}) { // read whole; read in part, the rest an upload
      Scrape before = LeavingClients.scrape(gw);
      int clients = 100;
      LeavingClients.run(gw, LeavingClients.request("POST", "/proxy/openai/upload", CLIENT_KEY,
        "application/octet-stream", everyByte(bodyBytes)), clients);

      Scrape after = LeavingClients.awaitCounted(gw, before, clients);
      assertEquals(clients, LeavingClients.moved(before, after), "every request counted once, at once: " + bodyBytes);
      assertEquals(0, LeavingClients.awaitZero(gw, "sb_deployment_in_flight", "role", "ingress"),
        "no request waits for a body that will not come: " + bodyBytes);
      // an upload offered to an attempt that never went out stops listening for its credit
      double handlers = before.sum("vertx_eventbus_handlers");
      assertEquals(handlers, LeavingClients.awaitAtMost(gw, handlers, "vertx_eventbus_handlers"),
        "bus handlers: " + bodyBytes);
    }
  }

  @Test
  void anImageRequestGoesToAnOpenAiAccountWithItsCredentialAndIsPricedPerImage() throws Exception {
    Reply reply = call(HttpMethod.POST, "/v1/images/generations", bearer("application/json"),
      Buffer.buffer("{\"model\":\"dall-e-3\",\"prompt\":\"a lighthouse\",\"n\":2}"));

    assertEquals(200, reply.status(), reply.body().toString());
    assertEquals(2, reply.json().getJsonArray("data").size());
    ReceivedRequest received = gw.mock.received().get(0);
    assertEquals("/v1/images/generations", received.path(), "the path after /v1, appended to the account's base URL");
    assertEquals("Bearer " + UPSTREAM_KEY, received.headers().get("authorization"));
    assertEquals("a lighthouse", received.json().getString("prompt"), "the body as the client sent it");
    assertEquals(List.of("dall-e-3|2|200|80000|POST /v1/images/generations|127.0.0.1"),
      awaitRows("select concat_ws('|', model, units, status, charged_cost_micros, endpoint, client_ip) from usage_log",
        1), "two images at dall-e-3's 0.04 each (prices.yaml)");
  }

  @Test
  void aResponsesCompactionGoesToAnOpenAiAccountAndItsTokensAreCharged() throws Exception {
    // what Codex CLI sends when it compacts a conversation through its built-in OpenAI provider
    JsonObject request = new JsonObject().put("model", "gpt-4o-mini").put("instructions", "You are Codex.")
      .put("input", new JsonArray()
        .add(new JsonObject().put("type", "message").put("role", "user").put("content", "first"))
        .add(new JsonObject().put("type", "message").put("role", "assistant").put("content", "an answer"))
        .add(new JsonObject().put("type", "message").put("role", "user").put("content", "second")));
    Reply reply = call(HttpMethod.POST, "/v1/responses/compact", bearer("application/json"), request.toBuffer());

    assertEquals(200, reply.status(), reply.body().toString());
    assertEquals("response.compaction", reply.json().getString("object"));
    JsonArray output = reply.json().getJsonArray("output");
    assertEquals(List.of("message", "message", "compaction"),
      output.stream().map(item -> ((JsonObject) item).getString("type")).toList());
    assertEquals(MockResponses.COMPACTED, output.getJsonObject(2).getString("encrypted_content"));
    ReceivedRequest received = gw.mock.received().get(0);
    assertEquals("/v1/responses/compact", received.path());
    assertEquals("Bearer " + UPSTREAM_KEY, received.headers().get("authorization"));
    assertEquals(request, received.json(), "the conversation as the client sent it");
    int input = 3 * MockPassThrough.COMPACTION_TOKENS_PER_ITEM;
    assertEquals(List.of("gpt-4o-mini|" + input + "|40|200|POST /v1/responses/compact"), awaitRows(
      "select concat_ws('|', model, input_tokens, output_tokens, status, endpoint) from usage_log", 1));

    Reply stored = call(HttpMethod.GET, "/v1/responses/compact", Map.of("authorization", "Bearer " + CLIENT_KEY), null);
    assertEquals(404, stored.status(), "a GET there still asks for a stored response");
    assertEquals("No response found with id 'compact'.", stored.json().getJsonObject("error").getString("message"));
  }

  @Test
  void theClientsCredentialsNeverReachTheUpstreamWhereverTheyTravel() throws Exception {
    Reply reply = call(HttpMethod.GET, "/proxy/openai/echo?key=" + CLIENT_KEY + "&limit=3",
      Map.of("x-api-key", CLIENT_KEY, "api-key", CLIENT_KEY, "x-goog-api-key", CLIENT_KEY,
        "cookie", "session=" + CLIENT_KEY, "openai-organization", "org-client", "x-custom", "kept"), null);

    assertEquals(200, reply.status(), reply.body().toString());
    ReceivedRequest received = gw.mock.received().get(0);
    assertEquals("limit=3", received.query(), "the key parameter is the gateway's, the rest is the upstream's");
    received.headers().forEach(header -> assertFalse(header.getValue().contains(CLIENT_KEY),
      "the client's key reached the upstream in " + header.getKey()));
    assertEquals("Bearer " + UPSTREAM_KEY, received.headers().get("authorization"), "the account's, always");
    assertNull(received.headers().get("openai-organization"), "the client does not pick whose account pays");
    assertEquals("kept", received.headers().get("x-custom"), "any other header travels as sent");
    assertEquals("GET", reply.headers().get("x-echo-method"));

    // the key parameter as the gateway reads it (percent-decoded, in any case, ';' as '&') stays with it too
    for (String spelled : List.of("k%65y=", "KEY=", "limit=3;key=")) {
      gw.mock.reset();
      Reply again = call(HttpMethod.GET, "/proxy/openai/echo?" + spelled + CLIENT_KEY + "&limit=3",
        Map.of("x-custom", "kept"), null);
      assertEquals(200, again.status(), spelled + ": " + again.body());
      String query = gw.mock.received().get(0).query();
      assertFalse(query != null && query.contains(CLIENT_KEY), spelled + " reached the upstream: " + query);
    }
  }

  @Test
  void aBinaryBodyComesBackUntouched() throws Exception {
    Buffer body = everyByte(40_000); // every byte value, below the window a single stream may hold
    Reply reply = call(HttpMethod.PUT, "/proxy/openai/echo/upload?part=1", bearer("application/octet-stream"), body);

    assertEquals(200, reply.status());
    assertEquals(MockPassThrough.sha256(body), reply.headers().get("x-echo-sha256"), "the upstream got every byte");
    assertArrayEquals(body.getBytes(), reply.body().getBytes(), "and the client got them back");
    assertEquals("PUT", reply.headers().get("x-echo-method"));
    assertEquals("part=1", reply.headers().get("x-echo-query"));
    assertEquals("application/octet-stream", reply.headers().get("content-type"));
    assertEquals(List.of("200|" + body.length() + "|t"), awaitRows("select concat_ws('|', status, request_bytes,"
      + " response_bytes >= " + body.length() + ") from usage_log", 1), "counted with its bytes and status");
  }

  @Test
  void aBodyManyTimesTheReadWholeSizeStreamsUpUnderFlowControl() throws Exception {
    Buffer body = everyByte(80 * BUFFERED + 17); // about 5 MB: twenty times http.maxBodyBytes
    Reply reply = call(HttpMethod.POST, "/proxy/openai/upload", bearer("application/octet-stream"), body);

    assertEquals(200, reply.status(), reply.body().toString());
    assertEquals(body.length(), reply.json().getInteger("bytes"), "the upstream got every byte");
    assertEquals(MockPassThrough.sha256(body), reply.json().getString("sha256"), "in order");
    assertEquals(List.of(String.valueOf(body.length())), awaitRows("select request_bytes from usage_log", 1));
  }

  @Test
  void speechComesBackAsBinaryAudioPricedPerCharacter() throws Exception {
    Reply reply = call(HttpMethod.POST, "/v1/audio/speech", bearer("application/json"),
      Buffer.buffer("{\"model\":\"tts-1\",\"input\":\"Hello there\",\"voice\":\"alloy\"}"));

    assertEquals(200, reply.status());
    assertEquals("audio/mpeg", reply.headers().get("content-type"));
    assertArrayEquals(MockPassThrough.audio("Hello there").getBytes(), reply.body().getBytes());
    assertEquals(List.of("tts-1|11|165"), awaitRows("select concat_ws('|', model, units, charged_cost_micros)"
      + " from usage_log", 1), "11 characters at 15 micro-units each");
  }

  @Test
  void aTranscriptionUploadedAsAFormIsPricedByTheSecondsItReports() throws Exception {
    String boundary = "sb-boundary-42";
    Buffer form = Buffer.buffer("--" + boundary + "\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\n"
      + "whisper-1\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.mp3\"\r\n"
      + "Content-Type: audio/mpeg\r\n\r\n").appendBuffer(everyByte(5000)).appendString("\r\n--" + boundary + "--\r\n");
    Reply reply = call(HttpMethod.POST, "/v1/audio/transcriptions",
      bearer("multipart/form-data; boundary=" + boundary), form);

    assertEquals(200, reply.status(), reply.body().toString());
    assertArrayEquals(form.getBytes(), gw.mock.received().get(0).body().getBytes(), "the form as sent");
    assertEquals(List.of("whisper-1|8|800"), awaitRows("select concat_ws('|', model, units, charged_cost_micros)"
      + " from usage_log", 1), "7.2 s rounded up, at 100 micro-units a second");
  }

  @Test
  void anSseAnswerStreamsThroughAndItsReportedTokensAreRecorded() throws Exception {
    gw.mock.respond(MockBehavior.ok().withChunks(5).withChunkDelayMs(5).withUsage(21, 34, 0));
    Reply reply = call(HttpMethod.POST, "/proxy/openai/events", bearer("application/json"),
      Buffer.buffer("{\"model\":\"gpt-4o-mini\",\"stream\":true}"));

    assertEquals(200, reply.status());
    assertEquals("text/event-stream", reply.headers().get("content-type"));
    String events = reply.body().toString();
    assertTrue(events.startsWith("event: delta\ndata: {\"type\":\"delta\",\"i\":0}\n\n"), events);
    assertTrue(events.endsWith("\"usage\":{\"input_tokens\":21,\"output_tokens\":34}}\n\n"), events);
    assertEquals(List.of("gpt-4o-mini|21|34|t"), awaitRows("select concat_ws('|', model, input_tokens, output_tokens,"
      + " stream) from usage_log", 1));
  }

  @Test
  void theKeysModelAllowListAppliesToTheModelARequestNames() throws Exception {
    Reply refused = gw.exchange(new RequestOptions().setMethod(HttpMethod.POST).setURI("/v1/images/generations")
        .putHeader("authorization", "Bearer " + LIMITED_KEY).putHeader("content-type", "application/json"),
      Buffer.buffer("{\"model\":\"dall-e-3\",\"prompt\":\"x\"}")).await();
    assertEquals(403, refused.status());
    assertTrue(refused.json().getJsonObject("error").getString("message").contains("dall-e-3"));
    assertTrue(gw.mock.received().isEmpty());

    Reply unnamed = gw.exchange(new RequestOptions().setMethod(HttpMethod.GET).setURI("/v1/files")
      .putHeader("authorization", "Bearer " + LIMITED_KEY), null).await();
    assertEquals(200, unnamed.status(), "a request naming no model passes");
    Reply noKey = gw.exchange(new RequestOptions().setMethod(HttpMethod.GET).setURI("/v1/files"), null).await();
    assertEquals(401, noKey.status());
  }

  @Test
  void aRuleBansTheAccountOnWhatItAnsweredAPassThroughRequest() throws Exception {
    String rule = TestStorage.query("insert into rules (name, condition, actions) values ('deactivated', "
      + "'{\"type\":\"bodyContains\",\"text\":\"account_deactivated\"}', '[{\"type\":\"ban\"}]') returning id").get(0);
    gw.vertx.eventBus().publish(Addresses.CONFIG_CHANGED, new ConfigChanged(ConfigChanged.RULE, Long.parseLong(rule)));
    gw.mock.respond(MockBehavior.ok().withStatus(403,
      "{\"error\":{\"message\":\"This account is deactivated\",\"code\":\"account_deactivated\"}}"));

    long deadline = System.currentTimeMillis() + 10_000;
    Reply refused = call(HttpMethod.GET, "/v1/files", Map.of("authorization", "Bearer " + CLIENT_KEY), null);
    while (!"banned".equals(status()) && System.currentTimeMillis() < deadline) {
      assertEquals(502, refused.status(), "a refused account credential is the gateway's problem, not the client's");
      Thread.sleep(50); // the engine loads the announced rule asynchronously: ask again until it has acted
      refused = call(HttpMethod.GET, "/v1/files", Map.of("authorization", "Bearer " + CLIENT_KEY), null);
    }
    assertEquals("banned", status());
    assertFalse(refused.body().toString().contains("deactivated"), "the upstream's words about its account stay inside");
    int asked = gw.mock.received().size();
    Reply after = call(HttpMethod.GET, "/v1/files", Map.of("authorization", "Bearer " + CLIENT_KEY), null);
    long until = System.currentTimeMillis() + 5_000;
    while (after.status() != 404 && System.currentTimeMillis() < until) {
      Thread.sleep(20); // the scheduler drops the banned account when the ban is announced
      asked = gw.mock.received().size();
      after = call(HttpMethod.GET, "/v1/files", Map.of("authorization", "Bearer " + CLIENT_KEY), null);
    }
    assertEquals(404, after.status(), "no account left to pass it to");
    assertEquals(asked, gw.mock.received().size());
    assertEquals(List.of("1"), TestStorage.query("select count(*) from rule_hits where rule_id = " + rule));
  }

  private static String status() throws Exception {
    return TestStorage.query("select status from accounts where name = 'mock'").get(0);
  }

  @Test
  void aFailureBeforeTheFirstByteMovesToAnotherAccountAndTheUpstreamsOwnErrorReachesTheClient() throws Exception {
    UpstreamFleet fleet = new UpstreamFleet(gw);
    try {
      fleet.add("first", 1).respond(MockBehavior.ok().withStatus(503)); // the higher tier: tried first
      Reply served = call(HttpMethod.POST, "/proxy/openai/moderations", bearer("application/json"),
        Buffer.buffer("{\"input\":\"hello\"}"));
      assertEquals(200, served.status(), served.body().toString());
      assertEquals("modr-mock", served.json().getString("id"));
      assertEquals(1, fleet.mock("first").received().size());
      assertEquals(1, gw.mock.received().size(), "the next account answered");

      String notFound = "{\"error\":{\"message\":\"No such file: file-x\",\"type\":\"invalid_request_error\"}}";
      fleet.mock("first").respond(MockBehavior.ok().withStatus(404, notFound));
      Reply missing = call(HttpMethod.GET, "/v1/files/file-x/content", Map.of("authorization", "Bearer " + CLIENT_KEY),
        null);
      assertEquals(404, missing.status());
      assertEquals(new JsonObject(notFound), missing.json(), "the upstream's own answer");
      assertEquals(1, gw.mock.received().size(), "a 404 is not retried elsewhere");
    } finally {
      fleet.close();
    }
  }
}
