package io.switchboard.providers.core;

import io.switchboard.api.ChatRequest;
import io.switchboard.api.ErrorKind;
import io.switchboard.api.Operation;
import io.switchboard.api.Usage;
import io.switchboard.dialects.openai.OpenAiUsage;
import io.switchboard.api.GatewayException;
import io.switchboard.api.ProviderCall;
import io.switchboard.api.ProviderHead;
import io.switchboard.api.StreamTranslator;
import io.switchboard.api.chat.CanonicalRequest;
import io.switchboard.api.chat.ChatResponse;
import io.switchboard.dialects.StreamEncoder;
import io.switchboard.dialects.WireFormat;
import io.switchboard.dialects.WireFormats;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * Where client and upstream dialects meet: when they are the same the client's bytes travel untouched both
 * ways; when they differ, requests, answers, streams and errors are converted through the canonical model.
 */
final class DialectBridge {
  private final UpstreamProtocol protocol;
  private final ProviderCall call;
  private final ChatRequest request;
  private final WireFormat client;
  private final boolean sameDialect;
  private final boolean passThrough;

  DialectBridge(UpstreamProtocol protocol, ProviderCall call) {
    this.protocol = protocol;
    this.call = call;
    this.request = call.request();
    this.client = WireFormats.of(request.dialect());
    this.sameDialect = request.dialect() == protocol.dialect();
    // Gemini's JSON-array stream is asked of the upstream as SSE, so its bytes are converted even Gemini to Gemini
    this.passThrough = sameDialect && !request.jsonArrayStream();
    if (request.operation() != Operation.CHAT && !sameDialect) {
      // the scheduler only offers accounts of kinds that can do it; this guards a misconfigured route
      throw new GatewayException(ErrorKind.BAD_REQUEST, request.operation() + " is not available on this account");
    }
  }

  /** The upstream request body; a client body the converter cannot read is the client's 400. */
  Buffer body() {
    if (sameDialect) {
      return protocol.passThroughBody(call);
    }
    CanonicalRequest canonical = client.decodeRequest(request.body(), request.model(), request.stream())
      .with(call.candidate().upstreamModel(), request.stream());
    return protocol.convertedBody(call, canonical);
  }

  /** A complete upstream answer, as the client gets it. */
  ProviderHead complete(int status, Map<String, String> headers, Buffer upstreamBody) {
    if (request.operation() != Operation.CHAT) {
      return ProviderHead.complete(status, headers, upstreamBody, operationUsage(upstreamBody));
    }
    JsonObject json;
    try {
      json = upstreamBody.toJsonObject();
    } catch (RuntimeException notJson) {
      throw new GatewayException(ErrorKind.UPSTREAM_ERROR, "the upstream answered with a body that is not JSON");
    }
    ChatResponse answer = protocol.format().decodeResponse(json);
    if (sameDialect) {
      return ProviderHead.complete(status, headers, upstreamBody, answer.usage());
    }
    Buffer converted = client.encodeResponse(answer, request.model()).toBuffer();
    return ProviderHead.complete(status, Map.of(), converted, answer.usage());
  }

  /** Embeddings consume input tokens; a token count consumes none. */
  private Usage operationUsage(Buffer body) {
    if (request.operation() != Operation.EMBEDDINGS) {
      return Usage.NONE;
    }
    try {
      Usage usage = OpenAiUsage.from(body.toJsonObject().getValue("usage"));
      return usage == null ? Usage.NONE : usage;
    } catch (RuntimeException notJson) {
      return Usage.NONE;
    }
  }

  /**
   * The stream as the client gets it; errors the upstream reports in it reach the client scrubbed by
   * {@code scrubber}, whether passed through or converted.
   */
  StreamTranslator stream(SecretScrubber scrubber) {
    if (passThrough) {
      StreamTranslator own = protocol.passThroughStream(call);
      if (own != null) {
        return new ScrubbedErrorEvents(own, scrubber);
      }
    }
    return new ConvertingTranslator(protocol.streamDecoder(), clientEncoder(), scrubber);
  }

  private StreamEncoder clientEncoder() {
    if (request.jsonArrayStream()) {
      return client.jsonArrayStreamEncoder(request.model());
    }
    return client.streamEncoder(request.model(), request.clientWantsUsage());
  }

  /** An upstream error: its body travels only to a client of the same dialect; others get its message. */
  ProviderHead error(ProviderHead failure) {
    if (sameDialect || failure.ok()) {
      return failure;
    }
    int status = failure.status() == 529 ? 503 : failure.status(); // only Anthropic's clients know 529
    return ProviderHead.failed(status, failure.headers(), failure.errorKind(), failure.message(), null,
      failure.retryable()).withErrorClass(failure.errorClass());
  }
}
