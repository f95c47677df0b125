package io.switchboard.app;

import static io.switchboard.app.GatewayHarness.CLIENT_KEY;
import static io.switchboard.app.GatewayHarness.MODEL;
import static io.switchboard.app.GatewayHarness.chat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.app.FuzzCases.Case;
import io.switchboard.app.FuzzCases.Route;
import io.switchboard.testkit.TestStorage;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Hostile input on every client route and a sample of admin routes ({@link FuzzCases}): every answer is below 500
 * and, when a 4xx, in the route's own error shape; nothing hangs; the gateway keeps serving; every request that was
 * answered has its usage row and every refused one none (nothing was admitted for it); PostgreSQL refused no row.
 */
class FuzzTest extends AdminTest {
  private static final int MAX_BODY = 1024 * 1024;
  /** Statuses of requests refused before anything was admitted for them: no key, a body too slow or too large. */
  private static final Set<Integer> REFUSED_UNADMITTED = Set.of(401, 408, 413);
  private static final int PARALLEL = 8;
  private static final long CASE_TIMEOUT_MS = 15_000;
  private final Path spool = Path.of(GatewayHarness.tempDir("sb-fuzz-spool"));

  private static final Predicate<JsonObject> OPENAI = json -> json.getValue("error") instanceof JsonObject e
    && e.getValue("message") instanceof String && e.getValue("type") instanceof String;
  private static final Predicate<JsonObject> ANTHROPIC = json -> "error".equals(json.getValue("type"))
    && json.getValue("error") instanceof JsonObject e && e.getValue("type") instanceof String
    && e.getValue("message") instanceof String;
  private static final Predicate<JsonObject> GEMINI = json -> json.getValue("error") instanceof JsonObject e
    && e.getValue("code") instanceof Number && e.getValue("message") instanceof String
    && e.getValue("status") instanceof String;
  private static final Predicate<JsonObject> ADMIN = json -> json.getValue("error") instanceof JsonObject e
    && e.getValue("message") instanceof String;

  @Override
  protected JsonObject adminOverrides() {
    return new JsonObject().put("http", new JsonObject().put("maxBodyBytes", MAX_BODY))
      .put("usage", new JsonObject().put("spoolDir", spool.toString()));
  }

  @Test
  void hostileInputIsRefusedInTheRoutesShapeAndLeavesOnlyWholeUsageRows() throws Exception {
    long start = System.nanoTime();
    List<Case> cases = new ArrayList<>();
    for (Route route : clientRoutes()) {
      cases.addAll(FuzzCases.of(route, MAX_BODY + 1));
    }
    String token = admin.loginAdmin();
    List<Case> adminCases = new ArrayList<>();
    for (Route route : adminRoutes(token)) {
      adminCases.addAll(FuzzCases.of(route, MAX_BODY + 1));
    }
    HttpClient client = vertx().createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1")
      .setMaxInitialLineLength(65536), new PoolOptions().setHttp1MaxSize(PARALLEL));
    HttpClient adminClient = vertx().createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1"),
      new PoolOptions().setHttp1MaxSize(PARALLEL));
    List<String> problems = new ArrayList<>();
    Map<String, Integer> answered = new HashMap<>();
    int[] counts = new int[6];
    for (Answer answer : run(client, gw.port, cases)) {
      judge(answer, problems, answered, counts);
    }
    for (Answer answer : rawCases()) {
      judge(answer, problems, answered, counts);
    }
    for (Answer answer : run(adminClient, adminPort, adminCases)) {
      judge(answer, problems, answered, counts);
    }
    int total = cases.size() + adminCases.size() + RAW.length + 1;
    System.out.printf("fuzz: %d cases in %d ms: %d answered 4xx in their route's shape, %d accepted (2xx)%n", total,
      TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), counts[4], counts[2]);

    problems.forEach(problem -> System.out.println("fuzz problem: " + problem));
    assertTrue(problems.isEmpty(), problems.size() + " of " + total + " cases went wrong, the first: "
      + String.join("\n", problems.subList(0, Math.min(25, problems.size()))));
    GatewayHarness.Reply after = gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, false, null)).await();
    assertEquals(200, after.status(), "the gateway keeps serving");
    answered.put(after.headers().get("x-request-id"), after.status());
    long served = answered.values().stream().filter(status -> status < 300).count();
    assertEquals(served, TestStorage.awaitRows("select request_id from usage_log where status < 300", (int) served)
      .size(), "every request answered 2xx has its usage row");
    for (String row : TestStorage.query("select request_id || ' ' || status from usage_log")) {
      String[] idAndStatus = row.split(" ");
      Integer status = answered.get(idAndStatus[0]);
      assertEquals(status, Integer.valueOf(idAndStatus[1]), "a row only for a request answered so: " + row);
      assertFalse(REFUSED_UNADMITTED.contains(status), "no row for a request refused before admission: " + row);
    }
    assertFalse(Files.exists(spool.resolve("usage-rejected.jsonl")), "no usage row was refused by PostgreSQL");
    client.close();
    adminClient.close();
  }

  /** What came back for one case: status (0: no answer), headers and body, or why there was none. */
  private record Answer(Case fuzz, int status, MultiMap headers, Buffer body, String failure) {
  }

  /** A case is fine when it is answered below 500, and a 4xx in its route's error shape. */
  private static void judge(Answer answer, List<String> problems, Map<String, Integer> answered, int[] counts) {
    String name = answer.fuzz().route().name() + " / " + answer.fuzz().what();
    if (answer.failure() != null) {
      problems.add(name + ": no answer (" + answer.failure() + ")");
      return;
    }
    counts[answer.status() / 100]++;
    if (answer.status() >= 500) {
      problems.add(name + ": " + answer.status() + " " + FuzzCases.abbreviate(answer.body().toString()));
      return;
    }
    if (answer.status() >= 400) {
      JsonObject json = null;
      try {
        json = answer.body().toJsonObject();
      } catch (RuntimeException notJson) {
        // told below
      }
      if (json == null || !answer.fuzz().route().errorShape().test(json)) {
        problems.add(name + ": " + answer.status() + " not in the route's shape: "
          + FuzzCases.abbreviate(answer.body().toString()));
      }
    }
    String requestId = answer.headers() == null ? null : answer.headers().get("x-request-id");
    if (requestId != null && !answer.fuzz().route().name().startsWith("admin")) {
      answered.put(requestId, answer.status());
    }
  }

  private List<Answer> run(HttpClient client, int port, List<Case> cases) throws Exception {
    Answer[] answers = new Answer[cases.size()];
    AtomicInteger next = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    Promise<Void> all = Promise.promise();
    Runnable[] pump = new Runnable[1];
    pump[0] = () -> {
      int i = next.getAndIncrement();
      if (i >= cases.size()) {
        return;
      }
      Case fuzz = cases.get(i);
      RequestOptions options = new RequestOptions().setMethod(fuzz.method()).setPort(port).setURI(fuzz.path())
        .setHeaders(fuzz.headers()).setIdleTimeout(CASE_TIMEOUT_MS);
      client.request(options)
        .compose(request -> request.send(fuzz.body()))
        .compose(response -> response.body().map(body -> new Answer(fuzz, response.statusCode(), response.headers(),
          body, null)))
        .onComplete(result -> {
          answers[i] = result.succeeded() ? result.result() : new Answer(fuzz, 0, null, null, result.cause().toString());
          if (done.incrementAndGet() == cases.size()) {
            all.complete();
          } else {
            pump[0].run();
          }
        });
    };
    vertx().runOnContext(v -> {
      for (int i = 0; i < PARALLEL; i++) {
        pump[0].run();
      }
    });
    all.future().await(120, TimeUnit.SECONDS);
    return List.of(answers);
  }

  /**
   * Heads an HTTP client will not send: conflicting lengths, bad header bytes, broken chunks. A chunked body whose
   * framing breaks after its head has been handed on cannot be answered: Vert.x drops the connection (no hang).
   */
  private static final String[] RAW = {
    "Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}",
    "Transfer-Encoding: chunked\r\nContent-Length: 2\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
    "Content-Length: -1\r\n\r\n{}",
    "Content-Length: abc\r\n\r\n{}",
    "X-Bad: a\u0000b\r\nContent-Length: 2\r\n\r\n{}",
    "X-Api-Key: sb-\u0000-key-0000000000\r\nContent-Length: 2\r\n\r\n{}",
    "Bad Header: x\r\nContent-Length: 2\r\n\r\n{}",
  };
  private static final String BROKEN_CHUNK = "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n";

  private List<Answer> rawCases() throws Exception {
    NetClient raw = vertx().createNetClient();
    Route route = clientRoutes().get(0);
    List<Answer> answers = new ArrayList<>();
    for (String rest : RAW) {
      RawConnection.Ending ending = raw(raw, route, rest);
      String status = ending.statusLine();
      Case fuzz = new Case(route, "raw: " + FuzzCases.abbreviate(rest), HttpMethod.POST, route.path(),
        MultiMap.caseInsensitiveMultiMap(), Buffer.buffer(rest));
      answers.add(status.startsWith("HTTP/1.1 ")
        ? new Answer(fuzz, Integer.parseInt(status.substring(9, 12)), MultiMap.caseInsensitiveMultiMap(),
          Buffer.buffer(ending.body()), null)
        : new Answer(fuzz, 0, null, null, "closed without an answer"));
    }
    RawConnection.Ending broken = raw(raw, route, BROKEN_CHUNK);
    assertTrue(broken.answer().isEmpty() || broken.statusLine().startsWith("HTTP/1.1 4"), broken.answer());
    raw.close();
    return answers;
  }

  private RawConnection.Ending raw(NetClient raw, Route route, String rest) throws Exception {
    String head = "POST " + route.path() + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer "
      + CLIENT_KEY + "\r\nContent-Type: application/json\r\n" + rest;
    return RawConnection.open(vertx(), raw, gw.port, Buffer.buffer(head)).ending()
      .await(CASE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
  }

  private static List<Route> clientRoutes() {
    MultiMap bearer = headers("authorization", "Bearer " + CLIENT_KEY);
    MultiMap anthropic = headers("x-api-key", CLIENT_KEY).add("anthropic-version", "2023-06-01");
    MultiMap google = headers("x-goog-api-key", CLIENT_KEY);
    JsonObject gemini = new JsonObject("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}],"
      + "\"generationConfig\":{\"maxOutputTokens\":5,\"temperature\":0.5},"
      + "\"systemInstruction\":{\"parts\":[{\"text\":\"be brief\"}]}}");
    JsonObject moderation = new JsonObject().put("model", MODEL).put("input", new JsonArray().add("hi").add("there"));
    return List.of(
      new Route("openai chat", HttpMethod.POST, "/v1/chat/completions", bearer, new JsonObject("{\"model\":\"" + MODEL
        + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":5,\"temperature\":0.5,"
        + "\"stream\":false,\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":"
        + "{\"type\":\"object\"}}}]}"), OPENAI),
      new Route("anthropic messages", HttpMethod.POST, "/v1/messages", anthropic, new JsonObject("{\"model\":\""
        + MODEL + "\",\"max_tokens\":5,\"system\":\"be brief\",\"messages\":[{\"role\":\"user\",\"content\":"
        + "[{\"type\":\"text\",\"text\":\"hi\"}]}]}"), ANTHROPIC),
      new Route("anthropic count_tokens", HttpMethod.POST, "/v1/messages/count_tokens", anthropic,
        new JsonObject("{\"model\":\"" + MODEL + "\",\"system\":\"be brief\",\"messages\":[{\"role\":\"user\","
          + "\"content\":\"hi\"}]}"), ANTHROPIC),
      new Route("gemini generateContent", HttpMethod.POST, "/v1beta/models/" + MODEL + ":generateContent", google,
        gemini, GEMINI),
      new Route("gemini streamGenerateContent", HttpMethod.POST, "/v1beta/models/" + MODEL
        + ":streamGenerateContent?alt=sse", google, gemini, GEMINI),
      new Route("gemini model path", HttpMethod.POST, "/v1beta/models/gpt%00mini:generateContent", google, gemini,
        GEMINI),
      new Route("openai responses", HttpMethod.POST, "/v1/responses", bearer, new JsonObject("{\"model\":\"" + MODEL
        + "\",\"instructions\":\"be brief\",\"input\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_text\","
        + "\"text\":\"hi\"}]}],\"max_output_tokens\":16,\"tools\":[{\"type\":\"function\",\"name\":\"f\","
        + "\"parameters\":{\"type\":\"object\"}}]}"), OPENAI),
      new Route("openai embeddings", HttpMethod.POST, "/v1/embeddings", bearer,
        new JsonObject("{\"model\":\"" + MODEL + "\",\"input\":[\"hi\",\"there\"]}"), OPENAI),
      // pass-through: the body goes to the upstream unread but for its model, which is checked like a chat model's
      new Route("openai moderations", HttpMethod.POST, "/v1/moderations", bearer, moderation, OPENAI),
      new Route("proxy openai moderations", HttpMethod.POST, "/proxy/openai/moderations", bearer, moderation, OPENAI));
  }

  private static List<Route> adminRoutes(String token) {
    MultiMap signedIn = headers("authorization", "Bearer " + token);
    return List.of(
      new Route("admin login", HttpMethod.POST, "/admin/auth/login", headers(),
        new JsonObject().put("username", "fuzz-nobody").put("password", "not-the-password"), ADMIN),
      new Route("admin keys", HttpMethod.POST, "/admin/keys", signedIn, new JsonObject("{\"name\":\"fuzz\","
        + "\"models\":[\"gpt-4o*\"],\"rpm\":10,\"ipAllow\":[\"10.0.0.0/8\"],\"expiresAt\":\"2099-01-01T00:00:00Z\"}"),
        ADMIN),
      new Route("admin users", HttpMethod.POST, "/admin/users", signedIn, new JsonObject("{\"username\":\"fuzzer\","
        + "\"password\":\"a-long-password-1\",\"role\":\"user\",\"group\":\"default\"}"), ADMIN),
      new Route("admin rules", HttpMethod.POST, "/admin/rules", signedIn, new JsonObject("{\"name\":\"fuzz-rule\","
        + "\"mode\":\"observe\",\"scope\":{\"type\":\"provider\",\"provider\":\"openai\"},\"condition\":{\"all\":"
        + "[{\"type\":\"status\",\"equals\":529},{\"type\":\"bodyMatches\",\"regex\":\"over.*\"}]},"
        + "\"threshold\":{\"count\":3,\"windowSeconds\":60},\"actions\":[{\"type\":\"log\"}]}"), ADMIN),
      new Route("admin balance", HttpMethod.POST, "/admin/users/1/balance", signedIn,
        new JsonObject().put("amountMicros", 1000).put("reason", "fuzz"), ADMIN),
      new Route("admin prices", HttpMethod.PUT, "/admin/prices/fuzz-model", signedIn,
        new JsonObject().put("inputMicros", 1).put("outputMicros", 2), ADMIN));
  }

  private static MultiMap headers(String... namesAndValues) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("content-type", "application/json");
    for (int i = 0; i < namesAndValues.length; i += 2) {
      headers.add(namesAndValues[i], namesAndValues[i + 1]);
    }
    return headers;
  }

  private io.vertx.core.Vertx vertx() {
    return gw.vertx;
  }
}
