package io.switchboard.ingress;

import io.switchboard.api.ChatRequest;
import io.switchboard.api.Dialect;
import io.switchboard.api.Principal;
import io.switchboard.api.ProviderKind;
import io.switchboard.dialects.WireFormat;
import io.switchboard.dialects.WireFormats;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** How clients of one dialect call: where their key travels, how their request reads, what their stream looks like. */
interface ClientApi {
  Dialect dialect();

  /** The key the client presented, or null. */
  String apiKey(RoutingContext ctx);

  /** What to tell a client that sent no key. */
  String missingKeyMessage();

  /** Validates the request and reads what routing needs; throws GatewayException(BAD_REQUEST) naming the field. */
  ChatRequest decode(RoutingContext ctx);

  /** The conversation the request belongs to: by default the request is its own (see {@link Conversation#of}). */
  default Future<Conversation> conversation(EventBus bus, IngressSettings settings, Principal principal,
                                            ChatRequest request, String requestId) {
    return Future.succeededFuture(Conversation.of(request));
  }

  /** The provider kinds that can do this route's operation (empty: any). */
  default List<ProviderKind> providerKinds() {
    return List.of();
  }

  /**
   * The answer when no account can serve the request (headers of its own on {@code response}), or null: a 404.
   * Completes on the caller's context.
   */
  default Future<Buffer> answerWithoutUpstream(Vertx vertx, ChatRequest request, HttpServerResponse response) {
    return Future.succeededFuture();
  }

  /** The Content-Type of a streamed answer. */
  default String streamContentType(ChatRequest request) {
    return "text/event-stream; charset=utf-8";
  }

  default WireFormat format() {
    return WireFormats.of(dialect());
  }

  /** A bearer token, if the Authorization header carries one. */
  static String bearer(RoutingContext ctx) {
    String header = ctx.request().getHeader("authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String token = header.substring(7).trim();
    return token.isEmpty() ? null : token;
  }
}
