package io.switchboard.app;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VertxBuilder;
import io.vertx.core.json.JsonObject;
import io.vertx.tracing.opentelemetry.OpenTelemetryTracingFactory;
import java.net.URI;

/**
 * OpenTelemetry tracing of one process ({@code tracing.*}): Vert.x itself makes the spans (the client's HTTP request,
 * each event-bus hop between roles, with the trace context in the message headers across nodes, and the upstream HTTP
 * call, which carries {@code traceparent}), and they are exported over OTLP/HTTP. Without
 * {@code tracing.otlpEndpoint} there is no tracer at all, so tracing costs nothing.
 */
final class Tracing {
  private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");
  private final OpenTelemetrySdk sdk;

  private Tracing(OpenTelemetrySdk sdk) {
    this.sdk = sdk;
  }

  /** Tracing as the {@code tracing} section says, or null when it names no endpoint. */
  static Tracing from(JsonObject section) {
    String endpoint = section.getString("otlpEndpoint", "").trim();
    if (endpoint.isEmpty()) {
      return null;
    }
    try {
      URI uri = new URI(endpoint);
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
        throw new ConfigError("tracing.otlpEndpoint: expected an http(s) URL, got '" + endpoint + "'");
      }
    } catch (java.net.URISyntaxException e) {
      throw new ConfigError("tracing.otlpEndpoint: not a URL: '" + endpoint + "'");
    }
    sampleRatio(section); // checked before the exporter starts its thread
    return exportingTo(BatchSpanProcessor.builder(OtlpHttpSpanExporter.builder().setEndpoint(endpoint).build())
      .build(), section);
  }

  /** Tracing whose finished spans go to {@code processor} (a test's in-memory exporter, or OTLP). */
  static Tracing exportingTo(SpanProcessor processor, JsonObject section) {
    double ratio = sampleRatio(section);
    String service = section.getString("serviceName", "switchboard");
    SdkTracerProvider tracers = SdkTracerProvider.builder()
      .setResource(Resource.getDefault().merge(Resource.create(Attributes.of(SERVICE_NAME, service))))
      .setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(ratio)))
      .addSpanProcessor(new SharedAddressSpans())
      .addSpanProcessor(processor)
      .build();
    return new Tracing(OpenTelemetrySdk.builder().setTracerProvider(tracers)
      .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance())).build());
  }

  private static double sampleRatio(JsonObject section) {
    double ratio = section.getDouble("sampleRatio", 1.0);
    if (!(ratio >= 0 && ratio <= 1)) {
      throw new ConfigError("tracing.sampleRatio: expected a number from 0.0 to 1.0, got " + ratio);
    }
    return ratio;
  }

  /** Makes the Vert.x being built trace with this. */
  VertxBuilder applyTo(VertxBuilder builder) {
    return builder.withTracer(new OpenTelemetryTracingFactory(sdk));
  }

  /** Exports the spans still held, then stops; never fails. */
  Future<Void> close() {
    Promise<Void> closed = Promise.promise();
    sdk.getSdkTracerProvider().shutdown().whenComplete(closed::tryComplete);
    return closed.future();
  }
}
