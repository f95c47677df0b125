package io.switchboard.app;

import static io.switchboard.app.GatewayHarness.CLIENT_KEY;
import static io.switchboard.app.GatewayHarness.MODEL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.switchboard.api.Addresses;
import io.switchboard.app.GatewayHarness.Reply;
import io.switchboard.testkit.MockUpstream;
import io.switchboard.testkit.ReceivedRequest;
import io.switchboard.testkit.TestStorage;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A gateway traced into an in-memory exporter (the OTLP exporter's place): a plain and a streamed request each make
 * one trace whose root is the client's HTTP request, with the bus hops to the roles beneath it and the upstream call
 * beneath the provider's, and the upstream receives that call's span as {@code traceparent}. A stream's frames make
 * no spans.
 */
@ExtendWith({VertxExtension.class, TestStorage.class})
class TracingTest {
  static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
  static final AttributeKey<String> URL = AttributeKey.stringKey("url.full");
  static final AttributeKey<String> PATH = AttributeKey.stringKey("url.path");

  @Test
  void oneTracePerRequestFromTheClientsRequestThroughTheRolesToTheUpstreamCall(Vertx vertx) throws Exception {
    MockUpstream mock = MockUpstream.start(vertx).await();
    int port = GatewayHarness.freePort();
    JsonObject config = GatewayHarness.config(mock.baseUrl(), port, new JsonObject());
    InMemorySpanExporter spans = InMemorySpanExporter.create();
    GatewayNode node = GatewayNode.start(config, Tracing.exportingTo(SimpleSpanProcessor.create(spans),
      config.getJsonObject("tracing"))).await();
    GatewayHarness gw;
    try {
      gw = new GatewayHarness(vertx, mock, Gateway.start(node, config).await(), port);
    } catch (RuntimeException e) {
      node.close().await();
      throw e;
    }
    try {
      for (boolean stream : new boolean[] {false, true}) {
        spans.reset();
        Reply reply = gw.post("/v1/chat/completions", CLIENT_KEY, GatewayHarness.chat(MODEL, stream, null)).await();
        assertEquals(200, reply.status(), reply.body().toString());
        List<ReceivedRequest> received = mock.received();
        assertTraced(spans, received.get(received.size() - 1), mock.baseUrl(), stream ? "streamed" : "plain");
      }
    } finally {
      gw.stop().await();
      node.close().await();
    }
  }

  /**
   * The request's trace: the ingress's server span is the root; beneath it the key check and the provider call cross
   * the bus (a send span, then the receiving role's span beneath it); the upstream call is beneath the provider's, and
   * its id is the traceparent the upstream got.
   */
  static void assertTraced(InMemorySpanExporter spans, ReceivedRequest atUpstream, String upstreamUrl, String what)
    throws InterruptedException {
    String traceparent = atUpstream.headers().get("traceparent");
    assertTrue(traceparent != null && traceparent.matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01"),
      what + ": the upstream gets a sampled traceparent: " + traceparent);
    String trace = traceparent.substring(3, 35);
    SpanData upstream = await(spans, span -> span.getSpanId().equals(traceparent.substring(36, 52)),
      what + ": the upstream call's span");
    assertTrue(upstream.getKind() == SpanKind.CLIENT && String.valueOf(upstream.getAttributes().get(URL))
      .startsWith(upstreamUrl), what + ": the traceparent names the upstream call's span: " + upstream);
    SpanData root = await(spans, span -> span.getKind() == SpanKind.SERVER && span.getTraceId().equals(trace)
      && "/v1/chat/completions".equals(span.getAttributes().get(PATH)), what + ": the client request's span");
    assertEquals(false, root.getParentSpanContext().isValid(), what + ": the client's request is the root");
    Map<String, SpanData> byId = spans.getFinishedSpanItems().stream()
      .filter(span -> span.getTraceId().equals(trace))
      .collect(Collectors.toMap(SpanData::getSpanId, Function.identity()));
    assertEquals(trace, upstream.getTraceId(), what + ": one trace");
    SpanData provider = byId.get(upstream.getParentSpanId());
    assertHop(provider, "sb.provider.openai", SpanKind.SERVER, what);
    SpanData call = byId.get(provider.getParentSpanId());
    assertHop(call, "sb.provider.openai", SpanKind.CLIENT, what);
    assertEquals(root.getSpanId(), call.getParentSpanId(), what + ": the ingress calls the provider");
    assertTrue(byId.values().stream().anyMatch(span -> Addresses.AUTH_VERIFY.equals(span.getAttributes().get(DESTINATION))
      && span.getKind() == SpanKind.SERVER && root.getSpanId().equals(byId.get(span.getParentSpanId())
        .getParentSpanId())), what + ": the key check is beneath the request: " + byId.values());
    assertTrue(byId.values().stream().noneMatch(span -> String.valueOf(span.getAttributes().get(DESTINATION))
      .startsWith("sb.stream.")), what + ": no span per frame or credit");
  }

  private static void assertHop(SpanData span, String address, SpanKind kind, String what) {
    assertTrue(span != null && address.equals(span.getAttributes().get(DESTINATION)) && span.getKind() == kind,
      what + ": expected the " + kind + " span of " + address + ", got " + span);
  }

  /** The first finished span that matches, waiting up to 10 s for it (spans end as their work ends). */
  static SpanData await(InMemorySpanExporter spans, java.util.function.Predicate<SpanData> matching, String what)
    throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      for (SpanData span : spans.getFinishedSpanItems()) {
        if (matching.test(span)) {
          return span;
        }
      }
      TimeUnit.MILLISECONDS.sleep(20);
    }
    throw new AssertionError(what + " never finished; spans: " + spans.getFinishedSpanItems());
  }
}
