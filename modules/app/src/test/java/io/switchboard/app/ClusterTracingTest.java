package io.switchboard.app;

import static io.switchboard.app.GatewayHarness.CLIENT_KEY;
import static io.switchboard.app.GatewayHarness.MODEL;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.switchboard.app.GatewayHarness.Reply;
import io.switchboard.testkit.MockBehavior;
import io.switchboard.testkit.ReceivedRequest;
import io.switchboard.testkit.TestStorage;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two clustered nodes, the ingress on one and the provider adapters only on the other: a request's trace continues
 * across the clustered bus (the provider's spans, on the other node, beneath the ingress's call), and the adapter's
 * log lines there name the request as the ingress does, since both travel in the message headers.
 */
@ExtendWith(TestStorage.class)
class ClusterTracingTest {

  @Test
  void theTraceAndTheRequestsLogCrossToTheNodeServingTheUpstreamCall() throws Exception {
    InMemorySpanExporter spans = InMemorySpanExporter.create();
    ClusterHarness cluster = ClusterHarness.start(Tracing.exportingTo(SimpleSpanProcessor.create(spans),
        new JsonObject()), new JsonObject(),
      new JsonObject().put("roles", new JsonArray(List.of("ingress", "auth", "scheduler", "usage", "admin"))),
      new JsonObject().put("roles", new JsonArray(List.of("providers"))));
    ProductionLogs logs = null;
    try {
      logs = ProductionLogs.attach();
      GatewayHarness front = cluster.node(0).http();
      for (boolean stream : new boolean[] {false, true}) {
        spans.reset();
        String id = "cluster-" + stream;
        cluster.mock.respondNext(MockBehavior.ok().withStatus(500)); // the adapter's node logs the failed attempt
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setURI("/v1/chat/completions")
          .putHeader("content-type", "application/json").putHeader("authorization", "Bearer " + CLIENT_KEY)
          .putHeader("x-request-id", id);
        Reply reply = front.exchange(options, Buffer.buffer(GatewayHarness.chat(MODEL, stream, null))).await();
        assertEquals(200, reply.status(), reply.body().toString());
        List<ReceivedRequest> received = cluster.mock.received();
        TracingTest.assertTraced(spans, received.get(received.size() - 1), cluster.mock.baseUrl(),
          "across nodes, " + (stream ? "streamed" : "plain"));
        JsonObject failed = new JsonObject(logs.await(line -> line.contains("UpstreamAttempt")
          && line.contains("\"requestId\":\"" + id + "\""), 1).get(0));
        assertEquals(MODEL, failed.getString("model"), failed.encode());
        assertEquals(TestStorage.query("select id from accounts where name = 'mock'").get(0),
          failed.getString("accountId"));
        assertEquals(TestStorage.query("select id from api_keys where name = 'client'").get(0),
          failed.getString("keyId"));
      }
    } finally {
      if (logs != null) {
        logs.detach();
      }
      cluster.stop();
    }
  }
}
