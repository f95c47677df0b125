package io.switchboard.app;

import static io.switchboard.app.GatewayHarness.CLIENT_KEY;
import static io.switchboard.app.GatewayHarness.LIMITED_KEY;
import static io.switchboard.app.GatewayHarness.MODEL;
import static io.switchboard.app.GatewayHarness.chat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.app.GatewayHarness.Reply;
import io.switchboard.testkit.MockBehavior;
import io.switchboard.testkit.TestStorage;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Request and response bodies through the real gateway: off by default, on per key and per user group, cut at their
 * size, secrets and configured fields redacted, a stream stored as the whole answer it made, readable by admins only
 * through the usage records API (never in the CSV), and deleted by their own retention job.
 */
class BodyCaptureTest extends AdminTest {
  private static final String SECRET_KEY = "sk-proj-abcdefghijklmnopqrstuvwx0123";

  @Override
  protected JsonObject adminOverrides() {
    return new JsonObject().put("bodies", new JsonObject().put("maxBytes", 4096)
      .put("redactFields", new io.vertx.core.json.JsonArray().add("customer_ssn")));
  }

  private long keyId(String name) throws Exception {
    return Long.parseLong(TestStorage.query("select id from api_keys where name = '" + name + "'").get(0));
  }

  /** The request's detail once its bodies are stored (bodies null when none were captured). */
  private JsonObject detail(String token, String requestId) throws Exception {
    TestStorage.awaitRows("select 1 from usage_log where request_id = '" + requestId + "'", 1);
    TestStorage.awaitRows("select 1 from request_bodies where request_id = '" + requestId + "'", 1);
    return admin.get("/admin/usage/records/" + requestId, token).json();
  }

  @Test
  void bodiesAreKeptOnlyForAKeySwitchedOnRedactedAndReadableByAdminsOnly() throws Exception {
    String token = admin.loginAdmin();
    Reply before = gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, false, null)).await();
    assertEquals(200, admin.call(HttpMethod.PUT, "/admin/keys/" + keyId("client") + "/capture", token,
      new JsonObject().put("enabled", true)).status());
    String prompt = "My ssn is in the record. Authorization: Bearer abcdefghijklmnopqrstuvwxyz0123";
    Reply captured = gw.post("/v1/chat/completions", CLIENT_KEY, "{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":"
      + "\"user\",\"content\":\"" + prompt + "\"}],\"metadata\":{\"api_key\":\"" + SECRET_KEY + "\",\"customer_ssn\":"
      + "\"078-05-1120\"}}").await();
    assertEquals(200, captured.status());

    JsonObject record = detail(token, captured.headers().get("x-request-id"));
    JsonObject bodies = record.getJsonObject("bodies");
    String request = bodies.getString("request");
    assertTrue(request.contains("My ssn is in the record."), request);
    assertFalse(request.contains(SECRET_KEY) || request.contains("078-05-1120")
      || request.contains("abcdefghijklmnopqrstuvwxyz0123"), "secrets and configured fields redacted: " + request);
    assertTrue(request.contains("\"customer_ssn\":\"[redacted]\""), request);
    assertEquals(captured.json(), new JsonObject(bodies.getString("response")), "the answer as the client got it");
    assertEquals(false, bodies.getBoolean("reassembled"));

    JsonObject earlier = admin.get("/admin/usage/records/" + before.headers().get("x-request-id"), token).json();
    assertNull(earlier.getValue("bodies"), "off by default: the request before the switch has none");

    admin.createUser(token, "reader", "reader-pass-1", "user");
    String user = admin.login("reader", "reader-pass-1");
    assertEquals(403, admin.get("/admin/usage/records/" + captured.headers().get("x-request-id"), user).status());
    String csv = admin.get("/admin/usage/records.csv", token).body().toString();
    assertFalse(csv.contains("My ssn") || csv.contains("tok0"), "the CSV holds no body");
  }

  @Test
  void aStreamIsStoredAsTheWholeAnswerAndABodyIsCutAtItsSize() throws Exception {
    String token = admin.loginAdmin();
    admin.call(HttpMethod.PUT, "/admin/groups/default/capture", token, new JsonObject().put("enabled", true));
    gw.mock.respond(MockBehavior.ok().withChunks(4));
    String longPrompt = "x".repeat(6000);
    // the length is in a message: a `user` this long is refused (ClientNames)
    Reply streamed = gw.post("/v1/chat/completions", LIMITED_KEY, "{\"model\":\"" + MODEL + "\",\"stream\":true,"
      + "\"messages\":[{\"role\":\"user\",\"content\":\"" + longPrompt + "\"}]}").await();
    assertEquals(200, streamed.status());

    JsonObject bodies = detail(token, streamed.headers().get("x-request-id")).getJsonObject("bodies");
    assertTrue(bodies.getBoolean("requestTruncated"), "cut at bodies.maxBytes");
    assertTrue(bodies.getString("request").length() <= 4096);
    assertTrue(bodies.getBoolean("reassembled"));
    JsonObject answer = new JsonObject(bodies.getString("response"));
    assertEquals("chat.completion", answer.getString("object"), "the whole answer the stream made");
    assertEquals("tok0 tok1 tok2 tok3 ", answer.getJsonArray("choices").getJsonObject(0).getJsonObject("message")
      .getString("content"));
    assertEquals(List.of("group.capture|default"), TestStorage.query("select concat_ws('|', action, target_id)"
      + " from audit_log where action like '%.capture'"));
  }

  @Test
  void aPassThroughAnswerThatIsNotTextIsNotedByItsSizeAndOldBodiesGoWithTheirRetention() throws Exception {
    String token = admin.loginAdmin();
    admin.call(HttpMethod.PUT, "/admin/keys/" + keyId("client") + "/capture", token, new JsonObject().put("enabled", true));
    Reply speech = gw.exchange(new io.vertx.core.http.RequestOptions().setMethod(HttpMethod.POST)
      .setURI("/v1/audio/speech").putHeader("authorization", "Bearer " + CLIENT_KEY)
      .putHeader("content-type", "application/json"), io.vertx.core.buffer.Buffer.buffer(
        "{\"model\":\"tts-1\",\"input\":\"Hi\",\"voice\":\"alloy\"}")).await();
    assertEquals(200, speech.status());
    JsonObject bodies = detail(token, speech.headers().get("x-request-id")).getJsonObject("bodies");
    assertEquals("{\"model\":\"tts-1\",\"input\":\"Hi\",\"voice\":\"alloy\"}", bodies.getString("request"));
    assertEquals("(binary: 128 bytes)", bodies.getString("response"));

    TestStorage.execute("insert into request_bodies (request_id, created_at, key_id, request_body) values"
      + " ('req_old', now() - interval '30 days', 1, 'old')");
    Reply ran = admin.post("/admin/cron/jobs/body-retention/run", token, null);
    assertTrue(ran.json().getBoolean("ok"), ran.body().toString());
    assertEquals(List.of(speech.headers().get("x-request-id")), TestStorage.query("select request_id from"
      + " request_bodies"), "older than bodies.retentionDays (7) went; today's stayed");
  }
}
