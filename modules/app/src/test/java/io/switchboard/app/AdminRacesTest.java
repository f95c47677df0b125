package io.switchboard.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.testkit.TestStorage;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * Limits of the admin API hold when the requests arrive all at once: sign-in and password-change throttling count
 * every attempt before its password is checked, and the per-user key cap is counted under a lock.
 */
class AdminRacesTest extends AdminTest {

  /** Sends {@code count} requests at once, each on its own connection, and counts the answers by status. */
  private Map<Integer, Integer> atOnce(int count, IntFunction<RequestOptions> request, IntFunction<JsonObject> body) {
    HttpClient client = gw.vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1")
      .setDefaultPort(adminPort), new PoolOptions().setHttp1MaxSize(count));
    Promise<List<Future<Integer>>> sent = Promise.promise();
    gw.vertx.getOrCreateContext().runOnContext(v -> {
      List<Future<Integer>> statuses = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        Buffer payload = body.apply(i).toBuffer();
        statuses.add(client.request(request.apply(i).putHeader("content-type", "application/json"))
          .compose(req -> req.send(payload)).compose(resp -> resp.body().map(b -> resp.statusCode())));
      }
      sent.complete(statuses);
    });
    List<Future<Integer>> statuses = sent.future().await();
    Future.all(new ArrayList<>(statuses)).await();
    client.close().await();
    Map<Integer, Integer> counted = new TreeMap<>();
    statuses.forEach(s -> counted.merge(s.result(), 1, Integer::sum));
    return counted;
  }

  @Test
  void fiftyParallelWrongPasswordsAreCheckedAtMostFiveTimes() throws Exception {
    admin.createUser(admin.loginAdmin(), "gina", "gina-password-1", "user");

    Map<Integer, Integer> answers = atOnce(50, i -> new RequestOptions().setMethod(HttpMethod.POST)
      .setURI("/admin/auth/login"), i -> new JsonObject().put("username", "gina").put("password", "guess-" + i));

    assertEquals(Map.of(401, 5, 429, 45), answers, "admin.login.maxFailuresPerUser is 5");
    assertEquals(List.of("5"), TestStorage.query("select count(*) from audit_log where action = 'login'"
      + " and actor_name = 'gina' and outcome = 'denied'"), "only five passwords were checked");
    assertEquals(429, admin.post("/admin/auth/login", null, new JsonObject().put("username", "gina")
      .put("password", "gina-password-1")).status(), "the right one too waits for the window");
  }

  @Test
  void changingThePasswordIsThrottledLikeSigningIn() {
    admin.createUser(admin.loginAdmin(), "ivan", "ivan-password-1", "user");
    String token = admin.login("ivan", "ivan-password-1");

    Map<Integer, Integer> answers = atOnce(20, i -> new RequestOptions().setMethod(HttpMethod.POST)
        .setURI("/admin/me/password").putHeader("authorization", "Bearer " + token),
      i -> new JsonObject().put("currentPassword", "guess-" + i).put("newPassword", "taken-over-" + i));

    assertEquals(Map.of(400, 5, 429, 15), answers, "a stolen session guesses no faster than a sign-in");
    GatewayHarness.Reply right = admin.post("/admin/me/password", token, new JsonObject()
      .put("currentPassword", "ivan-password-1").put("newPassword", "ivan-password-2"));
    assertEquals(429, right.status(), right.body().toString());
    assertEquals(429, admin.post("/admin/auth/login", null, new JsonObject().put("username", "ivan")
      .put("password", "ivan-password-1")).status(), "sign-in shares the count");
  }

  @Test
  void theKeyCapHoldsUnderConcurrentCreates() throws Exception {
    admin.createUser(admin.loginAdmin(), "hank", "hank-password-1", "user");
    String token = admin.login("hank", "hank-password-1");

    Map<Integer, Integer> answers = atOnce(25, i -> new RequestOptions().setMethod(HttpMethod.POST)
      .setURI("/admin/keys").putHeader("authorization", "Bearer " + token),
      i -> new JsonObject().put("name", "hank-" + i));

    assertEquals(Map.of(201, 10, 409, 15), answers, "admin.maxKeysPerUser is 10");
    assertEquals(List.of("10"), TestStorage.query("select count(*) from api_keys k join users u on u.id = k.user_id"
      + " where u.username = 'hank'"));
  }
}
