package io.switchboard.providers.core;

import io.switchboard.api.ChatRequest;
import io.switchboard.api.Dialect;
import io.switchboard.api.ErrorKind;
import io.switchboard.api.GatewayException;
import io.switchboard.api.Operation;
import io.switchboard.api.ProviderCall;
import io.switchboard.api.ProviderHead;
import io.switchboard.api.ResponseIds;
import io.switchboard.api.StreamTranslator;
import io.switchboard.api.Usage;
import io.switchboard.api.chat.CanonicalRequest;
import io.switchboard.api.chat.ChatResponse;
import io.switchboard.api.chat.StreamEvent;
import io.switchboard.dialects.StreamEncoder;
import io.switchboard.dialects.WireFormat;
import io.switchboard.dialects.WireFormats;
import io.switchboard.dialects.openai.OpenAiUsage;
import io.switchboard.dialects.reasoning.PassThroughReasoning;
import io.switchboard.dialects.reasoning.ReasoningFamily;
import io.switchboard.dialects.reasoning.SignedReasoning;
import io.switchboard.dialects.responses.ResponsesWireFormat;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where client and upstream dialects meet: when they are the same the client's bytes travel untouched both
 * ways; when they differ, requests, answers, streams and errors are converted through the canonical model. Either
 * way signed reasoning goes back only to the family of upstreams that made it ({@link SignedReasoning}), and a
 * Responses client's converted answer is named after the gateway's request id, which is unique where upstream ids
 * need not be.
 */
final class DialectBridge {
  private static final Logger LOG = LoggerFactory.getLogger(DialectBridge.class);
  private final UpstreamProtocol protocol;
  private final UpstreamAccount account;
  private final ProviderCall call;
  private final ChatRequest request;
  private final WireFormat client;
  private final boolean sameDialect;
  private final boolean passThrough;
  private final ReasoningFamily family;
  private final boolean sealsReasoning;

  /** {@code protocol} is the one that serves this call on this account ({@link UpstreamProtocol#serving}). */
  DialectBridge(UpstreamProtocol protocol, UpstreamAccount account, ProviderCall call) {
    this.protocol = protocol;
    this.account = account;
    this.call = call;
    this.request = call.request();
    this.client = WireFormats.of(request.dialect());
    this.sameDialect = request.dialect() == protocol.dialect();
    // Gemini's JSON-array stream is asked of the upstream as SSE, so its bytes are converted even Gemini to Gemini
    this.passThrough = sameDialect && !request.jsonArrayStream();
    this.family = ReasoningFamily.of(call.candidate().providerKind());
    this.sealsReasoning = SignedReasoning.seals(request.dialect(), family);
    if (request.operation() != Operation.CHAT && !sameDialect) {
      // the scheduler only offers accounts of kinds that can do it; this guards a misconfigured route
      throw new GatewayException(ErrorKind.BAD_REQUEST, request.operation() + " is not available on this account");
    }
  }

  /** The upstream request body; a client body the converter cannot read is the client's 400. */
  Buffer body() {
    if (sameDialect) {
      JsonObject body = request.body();
      JsonObject verified = request.operation() == Operation.CHAT
        ? PassThroughReasoning.forUpstream(request.dialect(), body, family) : body;
      return protocol.passThroughBody(account, verified == body ? call
        : new ProviderCall(call.requestId(), call.candidate(), request.withBody(verified), call.creditBytes()));
    }
    CanonicalRequest canonical = SignedReasoning.forUpstream(decoded(), request.dialect(), family)
      .with(call.candidate().upstreamModel(), request.stream());
    return protocol.convertedBody(call, canonical);
  }

  /**
   * The client's request in canonical form; what a Responses request loses on the way is logged, and one with a
   * part no conversion can leave out is the client's 400.
   */
  private CanonicalRequest decoded() {
    if (client instanceof ResponsesWireFormat responses) {
      ResponsesWireFormat.Decoded decoded = responses.decode(request.body(), request.model(), request.stream());
      GatewayException unconvertible = decoded.unconvertible();
      if (unconvertible != null) {
        throw unconvertible;
      }
      if (!decoded.omissions().isEmpty()) {
        LOG.info("request {} to account {} ({}): left out {}", call.requestId(), call.candidate().accountId(),
          protocol.dialect(), decoded.omissions());
      }
      return decoded.request();
    }
    return client.decodeRequest(request.body(), request.model(), request.stream());
  }

  /** A complete upstream answer, as the client gets it. */
  ProviderHead complete(int status, Map<String, String> headers, Buffer upstreamBody) {
    if (request.operation() != Operation.CHAT) {
      return ProviderHead.complete(status, headers, upstreamBody, operationUsage(upstreamBody));
    }
    if (sameDialect) {
      return ProviderHead.complete(status, headers, upstreamBody, protocol.format().responseUsage(upstreamBody));
    }
    ChatResponse answer = protocol.format().decodeResponse(WireFormat.answerJson(upstreamBody));
    Buffer converted = client.encodeResponse(forClient(answer), request.model(), request.body()).toBuffer();
    return ProviderHead.complete(status, Map.of(), converted, answer.usage());
  }

  private ChatResponse forClient(ChatResponse answer) {
    ChatResponse sealed = sealsReasoning ? SignedReasoning.sealed(answer, family) : answer;
    if (request.dialect() != Dialect.RESPONSES) {
      return sealed;
    }
    return new ChatResponse(responseId(), sealed.model(), sealed.content(), sealed.stopReason(), sealed.stopDetail(),
      sealed.usage());
  }

  private StreamEvent forClient(StreamEvent event) {
    StreamEvent sealed = sealsReasoning ? SignedReasoning.sealed(event, family) : event;
    if (request.dialect() == Dialect.RESPONSES && sealed instanceof StreamEvent.MessageStart start) {
      return new StreamEvent.MessageStart(responseId(), start.model(), start.usage());
    }
    return sealed;
  }

  private String responseId() {
    return ResponseIds.ofRequest(call.requestId());
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
    return new ConvertingTranslator(protocol.streamDecoder(), clientEncoder(), this::forClient, scrubber);
  }

  private StreamEncoder clientEncoder() {
    if (request.jsonArrayStream()) {
      return client.jsonArrayStreamEncoder(request.model());
    }
    return client.streamEncoder(request.model(), request.clientWantsUsage(), request.body());
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
