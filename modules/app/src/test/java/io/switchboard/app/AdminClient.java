package io.switchboard.app;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** Calls the admin API on its own port and keeps every response body it saw (to look for secrets in them). */
final class AdminClient {
  static final String ADMIN_PASSWORD = "initial-admin-password-9d41";
  private final Vertx vertx;
  private final HttpClient client;
  private final List<String> seen = new ArrayList<>();

  AdminClient(Vertx vertx, int port) {
    this.vertx = vertx;
    this.client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
  }

  /** The admin section a test gateway needs: a free port and a known initial password. */
  static JsonObject section(int port) {
    return new JsonObject().put("port", port).put("initialAdmin", new JsonObject().put("password", ADMIN_PASSWORD));
  }

  GatewayHarness.Reply call(HttpMethod method, String path, String token, Object body) {
    return call(method, path, token, body, java.util.Map.of());
  }

  /** A call with extra request headers. */
  GatewayHarness.Reply call(HttpMethod method, String path, String token, Object body,
                            java.util.Map<String, String> headers) {
    RequestOptions options = new RequestOptions().setMethod(method).setURI(path);
    headers.forEach(options::putHeader);
    if (token != null) {
      options.putHeader("authorization", "Bearer " + token);
    }
    Buffer payload = body == null ? null : Buffer.buffer(body instanceof JsonObject json ? json.encode()
      : String.valueOf(body));
    if (payload != null) {
      options.putHeader("content-type", "application/json");
    }
    GatewayHarness.Reply done = await(GatewayHarness.exchange(vertx, client, options, payload));
    synchronized (seen) {
      seen.add(done.headers().toString() + "\n" + done.body().toString());
    }
    return done;
  }

  GatewayHarness.Reply get(String path, String token) {
    return call(HttpMethod.GET, path, token, null);
  }

  GatewayHarness.Reply post(String path, String token, Object body) {
    return call(HttpMethod.POST, path, token, body == null ? new JsonObject() : body);
  }

  /** Signs in and answers the access token (fails the test on anything but 200). */
  String login(String username, String password) {
    GatewayHarness.Reply reply = post("/admin/auth/login", null,
      new JsonObject().put("username", username).put("password", password));
    if (reply.status() != 200) {
      throw new AssertionError("login of " + username + " answered " + reply.status() + ": " + reply.body());
    }
    return reply.json().getString("accessToken");
  }

  String loginAdmin() {
    return login("admin", ADMIN_PASSWORD);
  }

  /** Creates a user (as admin) and answers its id. */
  long createUser(String adminToken, String username, String password, String role) {
    GatewayHarness.Reply reply = post("/admin/users", adminToken, new JsonObject().put("username", username)
      .put("password", password).put("role", role));
    if (reply.status() != 201) {
      throw new AssertionError("create user answered " + reply.status() + ": " + reply.body());
    }
    return reply.json().getLong("id");
  }

  synchronized List<String> seen() {
    synchronized (seen) {
      return List.copyOf(seen);
    }
  }

  Future<Void> close() {
    return client.close();
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("admin call failed: " + e, e);
    }
  }
}
