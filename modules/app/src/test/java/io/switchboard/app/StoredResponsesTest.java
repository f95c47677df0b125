package io.switchboard.app;

import static io.switchboard.app.GatewayHarness.CLIENT_KEY;
import static io.switchboard.app.GatewayHarness.LIMITED_KEY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.app.GatewayHarness.Reply;
import io.switchboard.testkit.MockAnthropic;
import io.switchboard.testkit.MockBehavior;
import io.switchboard.testkit.MockResponses;
import io.switchboard.testkit.ReceivedRequest;
import io.switchboard.testkit.TestStorage;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Responses kept with {@code store} (the default): retrieved, listed and deleted per key, and continued with
 * {@code previous_response_id} on the account whose upstream holds them, or rebuilt from what was stored anywhere
 * else; signed reasoning goes back only to the family that made it.
 */
class StoredResponsesTest extends GatewayTest {
  private static final String SHARED = "m-shared";
  private static final int WINDOW = 4096;

  /** Two accounts serve {@value SHARED} on the one mock: Anthropic tried first, OpenAI (Responses natively) second. */
  @Override
  protected JsonObject overrides() {
    JsonArray accounts = new JsonArray()
      .add(new JsonObject().put("name", "anthropic").put("provider", "anthropic").put("baseUrl", "${env:MOCK_ROOT}")
        .put("apiKey", "k-anthropic").put("priority", 2).put("models", new JsonArray().add(SHARED).add("m-anthropic")))
      .add(new JsonObject().put("name", "openai").put("provider", "openai").put("baseUrl", "${env:MOCK_ROOT}/v1")
        .put("apiKey", "k-openai").put("priority", 1).put("models", new JsonArray().add(SHARED).add("m-openai")));
    // the smallest stream window: a kept answer's completing event (it repeats the whole output) outgrows it
    return new JsonObject().put("bootstrap", new JsonObject().put("accounts", accounts))
      .put("ingress", new JsonObject().put("streamWindowBytes", WINDOW));
  }

  private Reply create(String key, JsonObject body) {
    return gw.post("/v1/responses", key, body.encode()).await();
  }

  private Reply call(HttpMethod method, String path, String key) {
    return gw.exchange(new RequestOptions().setMethod(method).setURI(path)
      .putHeader("authorization", "Bearer " + key), null).await();
  }

  private ReceivedRequest lastUpstream() {
    List<ReceivedRequest> received = gw.mock.received();
    return received.get(received.size() - 1);
  }

  /**
   * A client has its answer only once it is kept, so it can retrieve it at once (the official SDK does, and Codex
   * continues a turn with it): with the table's writes held by a lock, the answer waits (a stream's text goes out, its
   * completion and end wait), and the moment it comes, on the lock's release, the response is found as the client
   * got it. Natively (the OpenAI account) and converted (the Anthropic one).
   */
  @ParameterizedTest
  @CsvSource({"m-openai,false", "m-openai,true", "m-anthropic,false", "m-anthropic,true"})
  void aResponseIsFoundTheMomentItsClientHasIt(String model, boolean stream) throws Exception {
    gw.mock.respond(MockBehavior.ok().withChunks(3).withChunkDelayMs(50)); // a stream's text comes in frames apart
    StringBuffer received = new StringBuffer();
    Future<Void> answered;
    try (Connection held = TestStorage.connect(); Statement lock = held.createStatement()) {
      held.setAutoCommit(false);
      lock.execute("lock table stored_responses in exclusive mode"); // writes wait; reads go on
      answered = send(new JsonObject().put("model", model).put("input", "hi").put("stream", stream), received);
      Await.until(() -> !TestStorage.query("select 1 from pg_stat_activity where wait_event_type = 'Lock'"
        + " and query like '%insert into stored_responses%'").isEmpty(), "the response is being kept");
      if (stream) {
        Await.until(() -> received.indexOf("response.output_text.delta") >= 0, "the stream's text goes out");
      }
      assertThrows(TimeoutException.class, () -> answered.toCompletionStage().toCompletableFuture()
        .get(300, TimeUnit.MILLISECONDS), "the answer waits until it is kept: " + received);
      assertFalse(received.toString().contains("response.completed"), received.toString());
      held.commit();
    }
    answered.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    String text = received.toString();
    JsonObject response = stream
      ? new JsonObject(completedEvent(text)).getJsonObject("response")
      : new JsonObject(text);
    Reply got = call(HttpMethod.GET, "/v1/responses/" + response.getString("id"), CLIENT_KEY);
    assertEquals(200, got.status(), got.body().toString());
    assertEquals(response, got.json());
  }

  /**
   * A completing event larger than the stream's window, withheld until the answer is kept, is credited to the
   * provider as if written: the upstream's end comes, and the client gets the event and the end (it waited for
   * credit that never came, until the upstream's total timeout).
   */
  @Test
  void aKeptStreamWhoseCompletingEventOutgrowsTheWindowEnds() throws Exception {
    gw.mock.respond(MockBehavior.ok().withChunks(2_000));
    Reply streamed = gw.post("/v1/responses", CLIENT_KEY, new JsonObject().put("model", "m-openai").put("input", "hi")
      .put("stream", true).encode()).toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    String text = streamed.body().toString();
    String completed = completedEvent(text);
    assertTrue(completed.length() > WINDOW, "the completing event outgrows the window: " + completed.length());
    JsonObject response = new JsonObject(completed).getJsonObject("response");
    assertEquals(response, call(HttpMethod.GET, "/v1/responses/" + response.getString("id"), CLIENT_KEY).json());
  }

  /**
   * A content part of a type the gateway does not know, for the model both accounts serve: the Anthropic account
   * (tried first) cannot convert it and is not asked, and the OpenAI account gets the body as sent; plain and
   * streamed. A model only the Anthropic account serves gets OpenAI's 400 for it (the dialect matrix checks that).
   */
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void aPartOnlyOpenAiCanJudgeGoesToTheAccountThatTakesItAsSent(boolean stream) throws Exception {
    int before = gw.mock.received().size();
    JsonObject sent = new JsonObject().put("model", SHARED).put("stream", stream).put("input", new JsonArray()
      .add(new JsonObject().put("role", "user").put("content", new JsonArray()
        .add(new JsonObject().put("type", "input_text").put("text", "what is in it?"))
        .add(new JsonObject().put("type", "input_video").put("video_url", "https://example.com/v.mp4")))));

    Reply reply = create(CLIENT_KEY, sent);

    assertEquals(200, reply.status(), reply.body().toString());
    List<ReceivedRequest> asked = gw.mock.received().subList(before, gw.mock.received().size());
    assertEquals(List.of("/v1/responses"), asked.stream().map(ReceivedRequest::path).toList(),
      "only the OpenAI account was asked");
    assertEquals(sent, asked.get(0).json(), "the part went on as sent");
  }

  /** An answer PostgreSQL refuses to keep reaches its client all the same, plain or streamed, and the refusal is logged. */
  @Test
  void anAnswerThatCannotBeKeptStillReachesItsClient() throws Exception {
    CapturedLogs logs = CapturedLogs.attach();
    TestStorage.execute("alter table stored_responses rename to stored_responses_away");
    Reply plain;
    Reply streamed;
    try {
      plain = create(CLIENT_KEY, new JsonObject().put("model", "m-anthropic").put("input", "hi"));
      streamed = create(CLIENT_KEY, new JsonObject().put("model", "m-openai").put("input", "hi").put("stream", true));
    } finally {
      TestStorage.execute("alter table stored_responses_away rename to stored_responses");
      logs.detach();
    }
    assertEquals(200, plain.status(), plain.body().toString());
    assertEquals("completed", plain.json().getString("status"));
    assertEquals(200, streamed.status(), streamed.body().toString());
    assertTrue(streamed.body().toString().contains("event: response.completed"), streamed.body().toString());
    assertEquals(2, logs.lines().stream().filter(line -> line.contains("could not be stored")).count(),
      logs.lines().toString());
    assertEquals(404, call(HttpMethod.GET, "/v1/responses/" + plain.json().getString("id"), CLIENT_KEY).status());
  }

  /** The data of a Responses stream's {@code response.completed} event, its last. */
  private static String completedEvent(String stream) {
    return stream.substring(stream.indexOf("data: {\"type\":\"response.completed\"") + 6).trim();
  }

  /** Sends a request from a context of the gateway's Vert.x; what the client receives goes to {@code received}. */
  private Future<Void> send(JsonObject body, StringBuffer received) {
    Promise<Void> ended = Promise.promise();
    gw.vertx.getOrCreateContext().runOnContext(v -> gw.client.request(new RequestOptions().setMethod(HttpMethod.POST)
        .setURI("/v1/responses").putHeader("content-type", "application/json")
        .putHeader("authorization", "Bearer " + CLIENT_KEY))
      .compose(request -> request.send(body.toBuffer()))
      .compose(response -> {
        response.handler(chunk -> received.append(chunk.toString()));
        return response.end();
      })
      .onComplete(ended));
    return ended.future();
  }

  @Test
  void aKeptResponseIsRetrievedListedAndDeletedByItsKeyOnly() throws Exception {
    JsonObject request = new JsonObject().put("model", "m-anthropic").put("input", "What is 2+2?")
      .put("instructions", "Be brief.");
    Reply created = create(CLIENT_KEY, request);
    assertEquals(200, created.status(), created.body().toString());
    String id = created.json().getString("id");
    assertEquals(true, created.json().getBoolean("store"));
    assertTrue(id.startsWith("resp_"), id);

    Reply got = call(HttpMethod.GET, "/v1/responses/" + id, CLIENT_KEY);
    assertEquals(200, got.status());
    assertEquals(created.json(), got.json(), "the response as the client first got it");
    Reply items = call(HttpMethod.GET, "/v1/responses/" + id + "/input_items", CLIENT_KEY);
    assertEquals(200, items.status());
    JsonObject item = items.json().getJsonArray("data").getJsonObject(0);
    assertEquals(List.of("list", "message", "user", "What is 2+2?"), List.of(items.json().getString("object"),
      item.getString("type"), item.getString("role"),
      item.getJsonArray("content").getJsonObject(0).getString("text")));
    assertEquals(item.getString("id"), items.json().getString("first_id"));
    assertFalse(items.json().getBoolean("has_more"));

    Reply otherKey = call(HttpMethod.GET, "/v1/responses/" + id, LIMITED_KEY);
    assertEquals(404, otherKey.status());
    assertEquals("No response found with id '" + id + "'.", otherKey.json().getJsonObject("error").getString("message"));
    assertEquals(404, call(HttpMethod.DELETE, "/v1/responses/" + id, LIMITED_KEY).status());
    Reply continuedByOther = create(LIMITED_KEY, new JsonObject().put("model", "gpt-4o-mini").put("input", "and 3+3?")
      .put("previous_response_id", id));
    assertEquals(400, continuedByOther.status());
    assertEquals(new JsonObject().put("message", "Previous response with id '" + id + "' not found.")
      .put("type", "invalid_request_error").put("param", "previous_response_id")
      .put("code", "previous_response_not_found"), continuedByOther.json().getJsonObject("error"));

    Reply deleted = call(HttpMethod.DELETE, "/v1/responses/" + id, CLIENT_KEY);
    assertEquals(new JsonObject().put("id", id).put("object", "response").put("deleted", true), deleted.json());
    assertEquals(404, call(HttpMethod.GET, "/v1/responses/" + id, CLIENT_KEY).status());
  }

  /**
   * A NUL character is valid JSON in a string (PostgreSQL's jsonb refuses it): such a turn is kept, retrieved as the
   * client got it, and the conversation continues from it, rebuilt on another account with the character intact.
   */
  @Test
  void aTurnWithANulCharacterIsKeptAndContinued() throws Exception {
    String question = "Is \u0000 a character?";
    Reply first = create(CLIENT_KEY, new JsonObject().put("model", "m-anthropic").put("input", question));
    assertEquals(200, first.status(), first.body().toString());
    String id = first.json().getString("id");
    Reply items = call(HttpMethod.GET, "/v1/responses/" + id + "/input_items", CLIENT_KEY);
    assertEquals(question, items.json().getJsonArray("data").getJsonObject(0).getJsonArray("content")
      .getJsonObject(0).getString("text"));
    assertEquals(first.body().toString(), call(HttpMethod.GET, "/v1/responses/" + id, CLIENT_KEY).body().toString(),
      "the response as the client first got it, its keys in their order");

    Reply second = create(CLIENT_KEY, new JsonObject().put("model", "m-openai").put("input", "and then?")
      .put("previous_response_id", id));
    assertEquals(200, second.status(), second.body().toString());
    JsonArray input = lastUpstream().json().getJsonArray("input");
    assertEquals(question, input.getJsonObject(0).getJsonArray("content").getJsonObject(0).getString("text"),
      input.encode());
  }

  @Test
  void aStreamedAnswerIsKeptAndStoreFalseKeepsNothing() throws Exception {
    Reply streamed = create(CLIENT_KEY, new JsonObject().put("model", "m-anthropic").put("input", "hi")
      .put("stream", true));
    assertEquals(200, streamed.status());
    String text = streamed.body().toString();
    String completed = completedEvent(text);
    JsonObject response = new JsonObject(completed).getJsonObject("response");
    assertEquals(response, call(HttpMethod.GET, "/v1/responses/" + response.getString("id"), CLIENT_KEY).json());

    Reply unkept = create(CLIENT_KEY, new JsonObject().put("model", "m-anthropic").put("input", "hi")
      .put("store", false));
    assertEquals(false, unkept.json().getBoolean("store"));
    create(CLIENT_KEY, new JsonObject().put("model", "m-anthropic").put("input", "a third, kept"));
    assertEquals(List.of("2"), TestStorage.query("select count(*) from stored_responses"));
    assertEquals(List.of("0"), TestStorage.query("select count(*) from stored_responses where id = '"
      + unkept.json().getString("id") + "'"));
  }

  @Test
  void aConversationContinuesOnItsAccountAndIsRebuiltElsewhere() throws Exception {
    // turn 1: Anthropic fails, OpenAI answers natively and keeps the response itself
    gw.mock.respondNext(MockBehavior.ok().withStatus(503));
    Reply first = create(CLIENT_KEY, new JsonObject().put("model", SHARED).put("input", "first question"));
    assertEquals(200, first.status(), first.body().toString());
    String firstId = first.json().getString("id");
    assertTrue(firstId.startsWith("resp_mock"), "OpenAI's own id: " + firstId);

    // turn 2 goes to the account holding turn 1, as sent, though Anthropic is tried first otherwise
    Reply second = create(CLIENT_KEY, new JsonObject().put("model", SHARED).put("input", "second question")
      .put("previous_response_id", firstId));
    assertEquals(200, second.status(), second.body().toString());
    ReceivedRequest toOpenAi = lastUpstream();
    assertEquals("/v1/responses", toOpenAi.path());
    assertEquals(firstId, toOpenAi.json().getString("previous_response_id"));
    assertEquals("second question", toOpenAi.json().getString("input"));
    String secondId = second.json().getString("id");

    // turn 3: that account fails; Anthropic gets the whole conversation rebuilt from what was stored
    gw.mock.respondNext(MockBehavior.ok().withStatus(503));
    Reply third = create(CLIENT_KEY, new JsonObject().put("model", SHARED).put("input", "third question")
      .put("previous_response_id", secondId));
    assertEquals(200, third.status(), third.body().toString());
    ReceivedRequest toAnthropic = lastUpstream();
    assertEquals("/v1/messages", toAnthropic.path());
    JsonArray messages = toAnthropic.json().getJsonArray("messages");
    String answer = MockBehavior.ok().text();
    assertEquals(List.of("user:first question", "assistant:" + answer, "user:second question", "assistant:" + answer,
      "user:third question"), turns(messages));
    assertNotEquals(secondId, third.json().getString("id"));
  }

  @Test
  void signedReasoningGoesBackOnlyToTheFamilyThatMadeIt() throws Exception {
    // Anthropic thinks and signs; its Responses client gets the signature sealed as encrypted_content
    gw.mock.respond(MockBehavior.ok().withThinking("Let me think."));
    Reply anthropic = create(CLIENT_KEY, new JsonObject().put("model", "m-anthropic").put("input", "q1"));
    JsonObject reasoning = anthropic.json().getJsonArray("output").getJsonObject(0);
    assertEquals("reasoning", reasoning.getString("type"));
    String sealed = reasoning.getString("encrypted_content");
    assertNotEquals(MockAnthropic.SIGNATURE, sealed);

    // continued on OpenAI (rebuilt): the Anthropic signature cannot be verified there and is left out
    gw.mock.respond(MockBehavior.ok());
    Reply openAi = create(CLIENT_KEY, new JsonObject().put("model", "m-openai").put("input", "q2")
      .put("previous_response_id", anthropic.json().getString("id")));
    assertEquals(200, openAi.status(), openAi.body().toString());
    JsonArray input = lastUpstream().json().getJsonArray("input");
    assertTrue(input.stream().noneMatch(i -> "reasoning".equals(((JsonObject) i).getString("type"))), input.encode());
    assertEquals(List.of("message", "message", "message"),
      input.stream().map(i -> ((JsonObject) i).getString("type")).toList());

    // the client sends the history itself to Anthropic: the sealed signature arrives as Anthropic made it
    JsonArray history = new JsonArray().add(new JsonObject().put("role", "user").put("content", "q1"))
      .add(reasoning).add(anthropic.json().getJsonArray("output").getJsonObject(1))
      .add(new JsonObject().put("role", "user").put("content", "q2"));
    create(CLIENT_KEY, new JsonObject().put("model", "m-anthropic").put("input", history).put("store", false));
    JsonObject thinking = lastUpstream().json().getJsonArray("messages").getJsonObject(1).getJsonArray("content")
      .getJsonObject(0);
    assertEquals(List.of("thinking", "Let me think.", MockAnthropic.SIGNATURE), List.of(thinking.getString("type"),
      thinking.getString("thinking"), thinking.getString("signature")));

    // OpenAI's own encrypted reasoning goes back to OpenAI untouched, and never to Anthropic
    gw.mock.respond(MockBehavior.ok().withThinking("Hmm."));
    JsonArray openAiHistory = new JsonArray().add(new JsonObject().put("role", "user").put("content", "q1"))
      .add(new JsonObject().put("type", "reasoning").put("summary", new JsonArray())
        .put("encrypted_content", MockResponses.ENCRYPTED_REASONING))
      .add(new JsonObject().put("role", "user").put("content", "q2"));
    create(CLIENT_KEY, new JsonObject().put("model", "m-openai").put("input", openAiHistory).put("store", false));
    assertEquals(openAiHistory, lastUpstream().json().getJsonArray("input"));
    create(CLIENT_KEY, new JsonObject().put("model", "m-anthropic").put("input", openAiHistory).put("store", false));
    JsonArray toAnthropic = lastUpstream().json().getJsonArray("messages");
    assertTrue(toAnthropic.stream().allMatch(m -> ((JsonObject) m).getValue("content") instanceof String
      || ((JsonObject) m).getJsonArray("content").stream()
        .noneMatch(b -> "thinking".equals(((JsonObject) b).getString("type")))), toAnthropic.encode());
  }

  /** Each Anthropic message as role:text (its text blocks joined). */
  private static List<String> turns(JsonArray messages) {
    return messages.stream().map(m -> {
      JsonObject message = (JsonObject) m;
      Object content = message.getValue("content");
      StringBuilder text = new StringBuilder();
      if (content instanceof String s) {
        text.append(s);
      } else {
        for (Object block : (JsonArray) content) {
          text.append(((JsonObject) block).getString("text", ""));
        }
      }
      return message.getString("role") + ":" + text;
    }).toList();
  }
}
