package io.switchboard.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The authorization matrix, over every operation of the served OpenAPI document: anonymous callers get 401 (except
 * public operations), users 403 on admin operations, another user 404 on someone else's key, admins through.
 */
class AdminAccessTest extends AdminTest {
  private static final Set<String> KEY_BY_ID =
    Set.of("getKey", "updateKey", "enableKey", "disableKey", "deleteKey", "rotateKey");

  record Op(String method, String path, String id, String access) {
    String uri(long id, String name) {
      return path.replace("{id}", String.valueOf(id)).replace("{name}", name).replace("{model}", "gpt-4o");
    }
  }

  @Test
  void everyOperationAnswersEachCallerAsItsAccessLevelSays() throws Exception {
    JsonObject served = admin.get("/admin/openapi.json", null).json();
    JsonObject packaged;
    try (InputStream in = getClass().getClassLoader().getResourceAsStream("io/switchboard/admin/openapi.json")) {
      packaged = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    assertEquals(packaged, served, "the document served is the one the routes are built from");
    List<Op> ops = operations(served);
    assertTrue(ops.size() >= 35, "every endpoint is described: " + ops.size());

    String adminToken = admin.loginAdmin();
    long aliceId = admin.createUser(adminToken, "alice", "alice-password-1", "user");
    admin.createUser(adminToken, "bob", "bob-password-12", "user");
    String alice = admin.login("alice", "alice-password-1");
    String bob = admin.login("bob", "bob-password-12");
    GatewayHarness.Reply created = admin.post("/admin/keys", alice, new JsonObject().put("name", "alice-key"));
    assertEquals(201, created.status(), created.body().toString());
    long aliceKey = created.json().getLong("id");

    for (Op op : ops) {
      HttpMethod method = HttpMethod.valueOf(op.method().toUpperCase());
      Object body = method == HttpMethod.GET || method == HttpMethod.DELETE ? null : new JsonObject();
      String uri = op.uri(aliceKey, "default");
      int anonymous = admin.call(method, uri, null, body).status();
      if ("public".equals(op.access())) {
        assertFalse(anonymous == 401 || anonymous == 403 || anonymous == 404, op + " is public: " + anonymous);
      } else {
        assertEquals(401, anonymous, op + " without a token");
        assertEquals(401, admin.call(method, uri, "not-a-token", body).status(), op + " with a bad token");
      }
      if ("admin".equals(op.access())) {
        assertEquals(403, admin.call(method, op.uri(aliceId, "default"), alice, body).status(), op + " as a user");
      }
      if (KEY_BY_ID.contains(op.id())) {
        GatewayHarness.Reply other = admin.call(method, uri, bob, body);
        assertEquals(404, other.status(), op + " on someone else's key");
        assertEquals("key not found", other.json().getJsonObject("error").getString("message"));
      }
    }
    assertEquals(200, admin.get("/admin/keys/" + aliceKey, alice).status(), "the owner still has the key");

    // admins pass every guard (bodies are empty, so some answer 400 naming a field: never 401/403/5xx)
    for (Op op : ops) {
      HttpMethod method = HttpMethod.valueOf(op.method().toUpperCase());
      Object body = method == HttpMethod.GET || method == HttpMethod.DELETE ? null : new JsonObject();
      if (op.id().equals("deleteUser")) {
        continue; // deleting alice would end the matrix early; covered by the user tests
      }
      GatewayHarness.Reply reply = admin.call(method, op.uri(op.path().startsWith("/admin/users") ? aliceId
        : aliceKey, "default"), adminToken, body);
      assertTrue(reply.status() != 401 && reply.status() != 403 && reply.status() < 500,
        op + " as admin answered " + reply.status() + " " + reply.body());
      if (reply.status() == 400) {
        assertTrue(reply.json().getJsonObject("error").containsKey("field"), op + " names the field: " + reply.body());
      }
    }
  }

  @Test
  void aUserSeesOnlyTheirOwnKeysAndNoOneElsesInTheList() {
    String adminToken = admin.loginAdmin();
    admin.createUser(adminToken, "carol", "carol-password-1", "user");
    admin.createUser(adminToken, "dave", "dave-password-12", "user");
    String carol = admin.login("carol", "carol-password-1");
    String dave = admin.login("dave", "dave-password-12");
    assertEquals(201, admin.post("/admin/keys", carol, new JsonObject().put("name", "carol-1")).status());
    assertEquals(201, admin.post("/admin/keys", dave, new JsonObject().put("name", "dave-1")).status());

    List<String> carolSees = names(admin.get("/admin/keys", carol));
    assertEquals(List.of("carol-1"), carolSees);
    List<String> adminSees = names(admin.get("/admin/keys", adminToken));
    assertTrue(adminSees.containsAll(List.of("client", "limited", "carol-1", "dave-1")), adminSees.toString());
    assertEquals(400, admin.post("/admin/keys", carol, new JsonObject().put("name", "x").put("userId", 1)).status(),
      "a user cannot create a key for someone else");
  }

  private static List<String> names(GatewayHarness.Reply reply) {
    assertEquals(200, reply.status());
    List<String> out = new ArrayList<>();
    new io.vertx.core.json.JsonArray(reply.body()).forEach(k -> out.add(((JsonObject) k).getString("name")));
    return out;
  }

  static List<Op> operations(JsonObject doc) {
    List<Op> out = new ArrayList<>();
    JsonObject paths = doc.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      for (String method : List.of("get", "post", "put", "patch", "delete")) {
        JsonObject op = paths.getJsonObject(path).getJsonObject(method);
        if (op != null) {
          out.add(new Op(method, path, op.getString("operationId"), op.getString("x-sb-access")));
        }
      }
    }
    return out;
  }
}
