package io.switchboard.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every bus message record travels by reference inside a JVM and survives JSON on the wire between nodes. */
@ExtendWith(VertxExtension.class)
class MessageCodecsTest {

  private static final byte[] BINARY = binary();
  private static final Map<String, String> HEADERS = Map.of("content-type", "text/event-stream; charset=utf-8",
    "x-request-id", "req_8f2c1e", "openai-processing-ms", "231", "x-ratelimit-remaining-tokens", "149984");
  private static final Usage USAGE = new Usage(1_234_567_890_123L, 3, 2, 5, 1);
  private static final Candidate CANDIDATE = new Candidate(17, "openai-eu-1", ProviderKind.OPENAI,
    "gpt-4o-2024-08-06");
  private static final JsonObject CLIENT_BODY = new JsonObject("{\"model\":\"fast\",\"messages\":[{\"role\":\"user\","
    + "\"content\":\"Grüße \\\"quoted\\\" \\u0000 ✓\"}],\"stream\":true,\"temperature\":0.25,\"max_tokens\":64,"
    + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":{}}}],\"foo\":{\"bar\":null}}");

  private static byte[] binary() {
    byte[] tail = "data: {\"x\":\"é\"}\r\n\r\n".getBytes(StandardCharsets.UTF_8);
    byte[] bytes = new byte[256 + tail.length];
    for (int i = 0; i < 256; i++) {
      bytes[i] = (byte) (255 - i); // starts with 0xFF, ends with 0x00
    }
    System.arraycopy(tail, 0, bytes, 256, tail.length);
    return bytes;
  }

  /** Each registered record type, its codec built exactly as {@link MessageCodecs} builds it, and instances. */
  static Stream<Arguments> records() {
    RecordCodec<AuthRequest> auth = new RecordCodec<>(AuthRequest.class, AuthRequest::toJson, AuthRequest::fromJson);
    RecordCodec<Principal> principal = new RecordCodec<>(Principal.class, Principal::toJson, Principal::fromJson);
    RecordCodec<RoutePlanRequest> planRequest = new RecordCodec<>(RoutePlanRequest.class, RoutePlanRequest::toJson,
      RoutePlanRequest::fromJson);
    RecordCodec<RoutePlan> plan = new RecordCodec<>(RoutePlan.class, RoutePlan::toJson, RoutePlan::fromJson);
    RecordCodec<ModelList> models = new RecordCodec<>(ModelList.class, ModelList::toJson, ModelList::fromJson);
    RecordCodec<ProviderCall> call = new RecordCodec<>(ProviderCall.class, ProviderCall::toJson,
      ProviderCall::fromJson);
    RecordCodec<ProviderHead> head = new RecordCodec<>(ProviderHead.class, ProviderHead::toJson,
      ProviderHead::fromJson);
    RecordCodec<StreamFrame> frame = new RecordCodec<>(StreamFrame.class, StreamFrame::toJson, StreamFrame::fromJson);
    RecordCodec<StreamControl> control = new RecordCodec<>(StreamControl.class, StreamControl::toJson,
      StreamControl::fromJson);
    RecordCodec<StreamTally> tally = new RecordCodec<>(StreamTally.class, StreamTally::toJson, StreamTally::fromJson);
    RecordCodec<UsageRecord> usageRecord = new RecordCodec<>(UsageRecord.class, UsageRecord::toJson,
      UsageRecord::fromJson);
    RecordCodec<Usage> usage = new RecordCodec<>(Usage.class, Usage::toJson, Usage::fromJson);
    RecordCodec<ConfigChanged> config = new RecordCodec<>(ConfigChanged.class, ConfigChanged::toJson,
      ConfigChanged::fromJson);
    RecordCodec<Admission> admission = new RecordCodec<>(Admission.class, Admission::toJson, Admission::fromJson);
    RecordCodec<AdmissionRelease> release = new RecordCodec<>(AdmissionRelease.class, AdmissionRelease::toJson,
      AdmissionRelease::fromJson);
    RecordCodec<QuotaReset> reset = new RecordCodec<>(QuotaReset.class, QuotaReset::toJson, QuotaReset::fromJson);
    RecordCodec<Outcome> outcome = new RecordCodec<>(Outcome.class, Outcome::toJson, Outcome::fromJson);
    RecordCodec<ProbeResult> probe = new RecordCodec<>(ProbeResult.class, ProbeResult::toJson, ProbeResult::fromJson);
    RecordCodec<ModelListRequest> modelsRequest = new RecordCodec<>(ModelListRequest.class, ModelListRequest::toJson,
      ModelListRequest::fromJson);
    RecordCodec<PassThroughCall> passThrough = new RecordCodec<>(PassThroughCall.class, PassThroughCall::toJson,
      PassThroughCall::fromJson);
    RecordCodec<PassThroughPlanRequest> passThroughPlan = new RecordCodec<>(PassThroughPlanRequest.class,
      PassThroughPlanRequest::toJson, PassThroughPlanRequest::fromJson);
    RecordCodec<KeyActivity> activity = new RecordCodec<>(KeyActivity.class, KeyActivity::toJson,
      KeyActivity::fromJson);
    RecordCodec<CapturedBodies> bodies = new RecordCodec<>(CapturedBodies.class, CapturedBodies::toJson,
      CapturedBodies::fromJson);
    RecordCodec<StoredResponse> stored = new RecordCodec<>(StoredResponse.class, StoredResponse::toJson,
      StoredResponse::fromJson);
    RecordCodec<StoredResponseRequest> storedRequest = new RecordCodec<>(StoredResponseRequest.class,
      StoredResponseRequest::toJson, StoredResponseRequest::fromJson);
    RecordCodec<StoredConversation> conversation = new RecordCodec<>(StoredConversation.class,
      StoredConversation::toJson, StoredConversation::fromJson);
    RecordCodec<Readiness> readiness = new RecordCodec<>(Readiness.class, Readiness::toJson, Readiness::fromJson);
    JsonArray items = new JsonArray("[{\"type\":\"message\",\"role\":\"user\",\"content\":\"Grüße \\u0000 ✓\"},"
      + "{\"type\":\"reasoning\",\"summary\":[],\"encrypted_content\":\"gAAAAAB\"}]");
    Admission refused = new Admission(false, "tokens", 1200, null, 0, 60, 3, 41_000, 1000, 12, 1200, true);
    return Stream.of(
      Arguments.of(auth, AuthRequest.identifying("sb-live-0123456789abcdefghij")),
      Arguments.of(auth, new AuthRequest(ApiKeys.sha256Hex("sb-live-0123456789abcdefghij"), true, 4096,
        "203.0.113.7")),
      Arguments.of(principal, new Principal(9, "limited", List.of("*"), 3, "cheap",
        List.of(ProviderKind.OPENAI, ProviderKind.OPENAI_COMPATIBLE), refused)),
      Arguments.of(admission, refused),
      Arguments.of(admission, new Admission(true, null, 0, "6f1c-slot", 25, 0, 0, 0, 100, 75, 60_000, false)),
      Arguments.of(release, new AdmissionRelease(9, "6f1c-slot", 25, 31)),
      Arguments.of(release, new AdmissionRelease(9, null, 0, 0)),
      Arguments.of(reset, new QuotaReset("2026-01-31", 4)),
      Arguments.of(reset, new QuotaReset(null, 0)),
      Arguments.of(usageRecord, new UsageRecord("req-3", 42, 17L, "fast", "gpt-4o", USAGE, 200, 1530, 212, true,
        "client_closed", 3, "cheap", true, 1_767_225_600_123L, true)),
      Arguments.of(principal, new Principal(42, "ci-bot", List.of("gpt-4o*", "*mini", "o3"))),
      Arguments.of(principal, new Principal(Long.MAX_VALUE, "nobody", List.of())),
      Arguments.of(planRequest, new RoutePlanRequest("req-1f6d", "gpt-4o")),
      Arguments.of(planRequest, new RoutePlanRequest("req-1f6e", "text-embedding-3-small",
        List.of(ProviderKind.OPENAI, ProviderKind.AZURE_OPENAI), "cheap", "conv-7")),
      Arguments.of(modelsRequest, new ModelListRequest(ProviderKind.BEDROCK)),
      Arguments.of(modelsRequest, new ModelListRequest(null)),
      Arguments.of(plan, new RoutePlan(List.of(CANDIDATE, new Candidate(18, "azure-west", ProviderKind.AZURE_OPENAI,
        "gpt4o-deploy"), Candidate.of(19, "local-llama", "ollama", "llama3.2")))),
      Arguments.of(plan, new RoutePlan(List.of())),
      Arguments.of(models, new ModelList(List.of("claude-3-5-sonnet", "gpt-4o", "gpt-4o-mini"))),
      Arguments.of(models, new ModelList(List.of())),
      Arguments.of(call, new ProviderCall("req-1f6d", CANDIDATE,
        new ChatRequest(Dialect.OPENAI, "fast", true, false, CLIENT_BODY), 262_144)),
      Arguments.of(head, ProviderHead.streaming(200, HEADERS)),
      Arguments.of(head, ProviderHead.complete(200, HEADERS, Buffer.buffer(BINARY), USAGE)),
      Arguments.of(head, ProviderHead.failed(429, ErrorKind.RATE_LIMITED, "Rate limit reached", Buffer.buffer(BINARY),
        true)),
      Arguments.of(head, ProviderHead.failed(504, ErrorKind.UPSTREAM_TIMEOUT, "Upstream timed out", null, true)),
      Arguments.of(head, ProviderHead.complete(200, Map.of(), Buffer.buffer(), null)),
      Arguments.of(head, ProviderHead.failed(429, HEADERS, ErrorKind.RATE_LIMITED, "Rate limit reached", null, true)
        .withErrorClass(ErrorClass.RATE_LIMITED)),
      Arguments.of(frame, StreamFrame.data(1, Buffer.buffer(BINARY))),
      Arguments.of(frame, StreamFrame.data(2, Buffer.buffer())),
      Arguments.of(frame, StreamFrame.end(Long.MAX_VALUE, new StreamTally(USAGE, 1L << 40))),
      Arguments.of(frame, StreamFrame.end(3, StreamTally.NONE)),
      Arguments.of(frame, StreamFrame.end(4, new StreamTally(USAGE, 7, 2), Buffer.buffer(BINARY))),
      Arguments.of(frame, StreamFrame.error(4, null, "The upstream closed the stream: \"reset\" \u0000")),
      Arguments.of(frame, StreamFrame.error(5, new StreamTally(USAGE, 17), "the upstream sent nothing for 500 ms",
        ErrorClass.IDLE_TIMEOUT)),
      Arguments.of(control, StreamControl.credit(1L << 40)),
      Arguments.of(control, StreamControl.CANCEL),
      Arguments.of(control, StreamControl.PING),
      Arguments.of(tally, new StreamTally(USAGE, 9)),
      Arguments.of(tally, StreamTally.NONE),
      Arguments.of(usageRecord, new UsageRecord("req-1f6d", 42, 17L, "fast", "gpt-4o-2024-08-06", USAGE, 200,
        1530, 212, true, "ok")),
      Arguments.of(usageRecord, new UsageRecord("req-2", 42, null, "", null, Usage.NONE, 503, 3, -1, false,
        "UNAVAILABLE")),
      Arguments.of(usageRecord, new UsageRecord("req-4", 42, 17L, "fast", "gpt-4o", USAGE, 504, 30_000, -1, true,
        "UPSTREAM_TIMEOUT", ErrorClass.TTFB_TIMEOUT)),
      Arguments.of(outcome, new Outcome("req-5", 17, ProviderKind.OPENAI, "gpt-4o", 529, ErrorClass.OVERLOADED, 312, 40,
        Map.of("retry-after", "3"), "{\"error\":{\"message\":\"Overloaded\"}}", 1_767_225_600_123L)),
      Arguments.of(outcome, new Outcome("req-6", 17, ProviderKind.OPENAI, "gpt-4o", 200, null, 900, 85, Map.of(), null,
        1_767_225_600_456L)),
      Arguments.of(probe, new ProbeResult(17, "gpt-4o", false, 401, ErrorClass.AUTH, 88, "answered HTTP 401")),
      Arguments.of(probe, new ProbeResult(17, "gpt-4o", true, 200, null, 88, "answered HTTP 200")),
      Arguments.of(usage, USAGE),
      Arguments.of(passThrough, new PassThroughCall("req-7", CANDIDATE, "POST", "/images/generations", "a=1&b=%20",
        HEADERS, Buffer.buffer(BINARY), null, 131_072)),
      Arguments.of(passThrough, new PassThroughCall("req-8", CANDIDATE, "PUT", "/files/f-1/content", null, Map.of(),
        Buffer.buffer(BINARY), "req-8-2", 65_536)),
      Arguments.of(passThroughPlan, new PassThroughPlanRequest("req-9", "vip", null, List.of(), "cheap", null)),
      Arguments.of(passThroughPlan, new PassThroughPlanRequest("req-10", "openai", "dall-e-3",
        List.of(ProviderKind.OPENAI, ProviderKind.OPENAI_COMPATIBLE), "default", "conv-9")),
      Arguments.of(usageRecord, new UsageRecord("req-11", 42, 17L, "dall-e-3", "dall-e-3", USAGE, 200, 900, 850, true,
        "ok", null, 3, "cheap", false, 1_767_225_600_789L, false,
        new RequestTraffic("POST /v1/images/generations", "2001:db8::7", 1234, 1L << 33, 2))),
      Arguments.of(frame, StreamFrame.end(9, new StreamTally(USAGE, 5, 3))),
      Arguments.of(tally, new StreamTally(null, 0, 12)),
      Arguments.of(activity, new KeyActivity(List.of(new KeyActivity.Use(42, 3, "gpt-4o", "203.0.113.7", 1_767_225_600_123L,
        "req-12"), new KeyActivity.Use(42, 0, null, null, 1_767_225_600_124L, "req-13")))),
      Arguments.of(activity, new KeyActivity(List.of())),
      Arguments.of(bodies, new CapturedBodies("req-14", 1_767_225_600_125L, 42, Dialect.ANTHROPIC, true, "claude-x",
        Buffer.buffer(BINARY), true, Buffer.buffer(BINARY), false)),
      Arguments.of(bodies, new CapturedBodies("req-15", 1_767_225_600_126L, 42, null, false, null, null, false, null,
        false)),
      Arguments.of(principal, new Principal(9, "captured", List.of("*"), 3, "cheap", List.of(), null, true)),
      Arguments.of(usage, Usage.NONE),
      Arguments.of(stored, new StoredResponse(42, "resp_0194", 17, true, "resp_0193", "gpt-4o", items,
        new JsonObject().put("id", "resp_0194").put("output", items).putNull("error"), 1_767_225_600_123L)),
      Arguments.of(stored, new StoredResponse(42, "resp_0195", 0, false, null, "m", new JsonArray(), new JsonObject(),
        0)),
      Arguments.of(storedRequest, new StoredResponseRequest(Long.MAX_VALUE, "resp_0194")),
      Arguments.of(conversation, new StoredConversation(17, true, items)),
      Arguments.of(conversation, new StoredConversation(0, false, new JsonArray())),
      Arguments.of(readiness, new Readiness(List.of(new Readiness.Check("postgres", true, null),
        new Readiness.Check("redis", false, "no answer within 2000 ms")))),
      Arguments.of(config, new ConfigChanged(ConfigChanged.ACCOUNT, 7L)),
      Arguments.of(config, new ConfigChanged(ConfigChanged.API_KEY, null)));
  }

  @ParameterizedTest
  @MethodSource("records")
  <T extends Record> void recordSurvivesTheClusterWire(RecordCodec<T> codec, T record) {
    byte[] before = {(byte) 0xFF, 0x00, 0x7F, (byte) 0x80, 0x01};
    Buffer wire = Buffer.buffer().appendBytes(before);
    codec.encodeToWire(wire, record);
    int end = wire.length();
    wire.appendBytes(new byte[] {(byte) 0xCA, (byte) 0xFE, 0x00}); // whatever the bus writes next

    T decoded = codec.decodeFromWire(before.length, wire);

    assertNotSame(record, decoded);
    assertSameRecord(record, decoded);
    Buffer again = Buffer.buffer();
    codec.encodeToWire(again, decoded);
    assertArrayEquals(wire.getBytes(before.length, end), again.getBytes(), "re-encoding the decoded record differs");
  }

  @ParameterizedTest
  @MethodSource("records")
  <T extends Record> void localDeliverySharesTheInstance(RecordCodec<T> codec, T record) {
    assertSame(record, codec.transform(record));
    assertEquals("sb." + record.getClass().getSimpleName(), codec.name());
    assertEquals(-1, codec.systemCodecID());
  }

  /** Field by field; Buffers by their bytes. */
  static void assertSameRecord(Record expected, Record actual) {
    assertEquals(expected.getClass(), actual.getClass());
    for (RecordComponent component : expected.getClass().getRecordComponents()) {
      Object want = value(component, expected);
      Object got = value(component, actual);
      if (want instanceof Buffer buffer) {
        assertTrue(got instanceof Buffer, component.getName() + " is not a Buffer: " + got);
        assertArrayEquals(buffer.getBytes(), ((Buffer) got).getBytes(), component.getName());
      } else {
        assertEquals(want, got, component.getName());
      }
    }
  }

  private static Object value(RecordComponent component, Record record) {
    try {
      return component.getAccessor().invoke(record);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  /** Across nodes, in rows and in rules an error class is its wire name, exactly as before it was a type. */
  @Test
  void errorClassesTravelAsTheirWireNames() {
    assertEquals(List.of("connect", "connect_timeout", "ttfb_timeout", "idle_timeout", "total_timeout", "auth",
      "rate_limited", "overloaded", "server_error", "client_error", "stream_error", "circuit_open",
      "provider_lost"),
      ErrorClass.wireNames());
    for (ErrorClass errorClass : ErrorClass.values()) {
      assertSame(errorClass, ErrorClass.fromWire(errorClass.wireName()));
    }
    assertNull(ErrorClass.fromWire(null));
    assertThrows(IllegalArgumentException.class, () -> ErrorClass.fromWire("gremlins"));
    assertEquals("rate_limited", ProviderHead.failed(429, ErrorKind.RATE_LIMITED, "slow down", null, true)
      .withErrorClass(ErrorClass.RATE_LIMITED).toJson().getString("errorClass"));
    assertEquals("idle_timeout", StreamFrame.error(1, StreamTally.NONE, "quiet", ErrorClass.IDLE_TIMEOUT).toJson()
      .getString("errorClass"));
    assertEquals("server_error", new Outcome("r", 1, ProviderKind.OPENAI, "m", 500, ErrorClass.SERVER_ERROR, 1, 1, Map.of(),
      null, 0).toJson().getString("errorClass"));
    assertEquals(ErrorClass.CONNECT, Outcome.fromJson(new Outcome("r", 1, ProviderKind.OPENAI, "m", 0, null, 1, 1, Map.of(),
      null, 0).toJson().put("errorClass", "connect")).errorClass());
  }

  /** Provider kinds too: account rows, key settings, config sections and the JSON between nodes keep their names. */
  @Test
  void providerKindsTravelAsTheirWireNames() {
    assertEquals(List.of("anthropic", "azure-openai", "bedrock", "gemini", "openai", "openai-compatible"),
      ProviderKind.wireNames());
    for (ProviderKind kind : ProviderKind.values()) {
      assertSame(kind, ProviderKind.fromWire(kind.wireName()));
    }
    assertThrows(IllegalArgumentException.class, () -> ProviderKind.fromWire("azure"));
    assertEquals("azure-openai", new Candidate(18, "azure-west", ProviderKind.AZURE_OPENAI, "gpt4o-deploy").toJson()
      .getString("providerKind"));
    assertEquals(List.of("openai", "openai-compatible"), new Principal(9, "limited", List.of("*"), 3, "cheap",
      List.of(ProviderKind.OPENAI, ProviderKind.OPENAI_COMPATIBLE)).toJson().getJsonArray("allowedProviders").getList());
    assertEquals(List.of("bedrock"), new RoutePlanRequest("r", "m", List.of(ProviderKind.BEDROCK), "cheap").toJson()
      .getJsonArray("providerKinds").getList());
    assertEquals("gemini", new Outcome("r", 1, ProviderKind.GEMINI, "m", 200, null, 1, 1, Map.of(), null, 0).toJson()
      .getString("providerKind"));
  }

  /** A provider an adapter from a jar serves is EXTERNAL to keys and outcomes, and keeps its own name for routing. */
  @Test
  void externalProvidersKeepTheirNameBesideTheirKind() {
    Candidate local = Candidate.of(19, "local-llama", "ollama", "llama3.2");
    assertSame(ProviderKind.EXTERNAL, local.providerKind());
    assertEquals("sb.provider.ollama", Addresses.provider(local.provider()));
    assertEquals(new JsonObject().put("accountId", 19L).put("accountName", "local-llama")
      .put("providerKind", "external").put("upstreamModel", "llama3.2").put("provider", "ollama"), local.toJson());
    assertEquals("openai", Candidate.of(17, "eu", "openai", "gpt-4o").provider());
    assertSame(ProviderKind.OPENAI, Candidate.of(17, "eu", "openai", "gpt-4o").providerKind());
    assertEquals(List.of(true, false, false, false, false), List.of(ProviderKind.externalName("ollama"),
      ProviderKind.externalName("openai"), ProviderKind.externalName("external"), ProviderKind.externalName("Ollama"),
      ProviderKind.externalName("ollama/v1")));
    assertEquals(List.of(true, true, false), List.of(ProviderKind.providerName("openai"),
      ProviderKind.providerName("ollama"), ProviderKind.providerName("external")));
  }

  @Test
  void registeringTwiceOnOneVertxIsHarmless(Vertx vertx) {
    MessageCodecs.register(vertx);
    MessageCodecs.register(vertx);
  }

  @Test
  void principalRequestAndReplyTravelByReference(Vertx vertx, VertxTestContext testContext) {
    MessageCodecs.register(vertx);
    MessageCodecs.register(vertx);
    AuthRequest asked = AuthRequest.identifying("sb-live-0123456789abcdefghij");
    Principal principal = new Principal(42, "ci-bot", List.of("gpt-4o*"));
    MessageConsumer<AuthRequest> consumer = vertx.eventBus().consumer(Addresses.AUTH_VERIFY, message -> {
      testContext.verify(() -> assertSame(asked, message.body()));
      message.reply(principal);
    });
    consumer.completion()
      .compose(v -> vertx.eventBus().<Principal>request(Addresses.AUTH_VERIFY, asked,
        new DeliveryOptions().setSendTimeout(5_000)))
      .onComplete(testContext.succeeding(reply -> testContext.verify(() -> {
        assertSame(principal, reply.body());
        testContext.completeNow();
      })));
  }

  /** A record whose codec was not registered could not be sent at all: every one must arrive as itself. */
  @Test
  void everyRecordCanBeSentOnTheBus(Vertx vertx, VertxTestContext testContext) {
    MessageCodecs.register(vertx);
    List<Object> sent = records().map(arguments -> arguments.get()[1]).toList();
    List<Object> received = new ArrayList<>();
    MessageConsumer<Object> consumer = vertx.eventBus().consumer("sb.test.records", message -> {
      received.add(message.body());
      message.reply(null);
    });
    Future<?> all = consumer.completion();
    for (Object record : sent) {
      all = all.compose(v -> vertx.eventBus().request("sb.test.records", record));
    }
    all.onComplete(testContext.succeeding(v -> testContext.verify(() -> {
      assertEquals(sent.size(), received.size());
      for (int i = 0; i < sent.size(); i++) {
        assertSame(sent.get(i), received.get(i), "record " + i);
      }
      testContext.completeNow();
    })));
  }

  @Test
  void modelGlobsStayLinearOnHostileInput() {
    String model = "a".repeat(5000);
    assertFalse(ModelGlob.matches("*a*a*a*a*a*a*a*a*b", model), "no match, and no exponential backtracking");
    assertTrue(ModelGlob.matches("*a*a*a*a*a*a*a*a*", model));
  }

  @Test
  void modelGlobs() {
    assertTrue(ModelGlob.matches("*", "gpt-4o"));
    assertTrue(ModelGlob.matches("*", ""));
    assertTrue(ModelGlob.matches("gpt-4o*", "gpt-4o"));
    assertTrue(ModelGlob.matches("gpt-4o*", "gpt-4o-mini-2024-07-18"));
    assertTrue(ModelGlob.matches("*mini", "gpt-4o-mini"));
    assertTrue(ModelGlob.matches("*mini", "o4-mini"));
    assertTrue(ModelGlob.matches("gpt-4o", "gpt-4o"));
    assertTrue(ModelGlob.matches("claude-*-sonnet*", "claude-3-5-sonnet-20241022"));

    assertFalse(ModelGlob.matches("gpt-4o*", "gpt-4"));
    assertFalse(ModelGlob.matches("gpt-4o*", "chatgpt-4o-latest"));
    assertFalse(ModelGlob.matches("*mini", "gpt-4o-mini-2024-07-18"));
    assertFalse(ModelGlob.matches("gpt-4o", "gpt-4o-mini"), "an exact name is not a prefix");
    assertFalse(ModelGlob.matches("gpt-4o", "my-gpt-4o"), "an exact name is not a suffix");
    assertFalse(ModelGlob.matches("gpt-4o-mini", "gpt-4o"));
    assertFalse(ModelGlob.matches("gpt-4.1", "gpt-401"), "a dot is literal");
    assertFalse(ModelGlob.matches("gpt-4?", "gpt-4o"), "a question mark is literal");
    assertFalse(ModelGlob.matches("gpt-4o", ""));
  }

  @Test
  void principalAllowsOnlyItsModels() {
    Principal principal = new Principal(1, "team", List.of("gpt-4o*", "*mini"));
    assertTrue(principal.allows("gpt-4o-2024-08-06"));
    assertTrue(principal.allows("o4-mini"));
    assertFalse(principal.allows("o3"));
    assertFalse(new Principal(2, "none", List.of()).allows("gpt-4o"));
  }

  @Test
  void keysAreStoredAsSha256Hex() {
    assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", ApiKeys.sha256Hex("abc"));
    assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", ApiKeys.sha256Hex(""));
  }

  @Test
  void displayPrefixShowsTooLittleToCallWith() {
    assertEquals("sb-…wxyz", ApiKeys.displayPrefix("sb-live-0123456789abcdefghijklmnopqrstuvwxyz"));
    assertEquals("sb-…7890", ApiKeys.displayPrefix("sb-1234567890"));
    assertEquals("…", ApiKeys.displayPrefix("sb-1234567"), "a short key shows nothing");
    assertEquals("…", ApiKeys.displayPrefix(""));
  }

  @Test
  void authRequestCarriesTheKeysHashNeverTheKey() {
    String key = "sb-live-0123456789abcdefghij";
    AuthRequest request = AuthRequest.identifying(key);
    assertEquals(ApiKeys.sha256Hex(key), request.keyHash(), "the key as keys are stored");
    assertFalse(request.toJson().encode().contains("0123456789"), "what a clustered bus carries: " + request.toJson());
    assertFalse(request.toString().contains(request.keyHash()), request.toString());
    assertFalse(String.valueOf(List.of(request)).contains("0123456789"));
  }

  @Test
  void anAuthRequestFromANodeOfTheEarlierVersionIsReadByTheKeysHash() {
    String key = "sb-live-0123456789abcdefghij";
    AuthRequest earlier = AuthRequest.fromJson(new JsonObject().put("apiKey", key).put("admit", true)
      .put("estimatedTokens", 12).put("clientAddress", "203.0.113.7"));
    assertEquals(new AuthRequest(ApiKeys.sha256Hex(key), true, 12, "203.0.113.7"), earlier);
    assertNull(AuthRequest.fromJson(new JsonObject()).keyHash(), "no key: refused as unknown");
  }
}
