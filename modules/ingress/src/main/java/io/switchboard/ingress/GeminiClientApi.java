package io.switchboard.ingress;

import io.switchboard.api.ChatRequest;
import io.switchboard.api.Dialect;
import io.switchboard.api.Operation;
import io.switchboard.api.ErrorKind;
import io.switchboard.api.GatewayException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/**
 * Google's SDKs: {@code x-goog-api-key} or {@code ?key=}; POST /v1beta/models/{model}:generateContent or
 * :streamGenerateContent (SSE with {@code alt=sse}, else one streamed JSON array).
 */
final class GeminiClientApi implements ClientApi {
  /** The client's key and the stream framing: the gateway reads them, the adapter sets the framing itself. */
  private static final Set<String> GATEWAYS_PARAMETERS = Set.of("key", "alt");

  @Override
  public Dialect dialect() {
    return Dialect.GEMINI;
  }

  @Override
  public String apiKey(RoutingContext ctx) {
    String key = ctx.request().getHeader("x-goog-api-key");
    if (key == null || key.isBlank()) {
      key = ctx.request().getParam("key");
    }
    return key != null && !key.isBlank() ? key.trim() : ClientApi.bearer(ctx);
  }

  @Override
  public String missingKeyMessage() {
    return "Method doesn't allow unregistered callers (callers without established identity). Please use API Key "
      + "or other form of API consumer identity to call this API.";
  }

  @Override
  public ChatRequest decode(RoutingContext ctx) {
    String modelAction = ctx.pathParam("modelAction");
    int colon = modelAction.lastIndexOf(':');
    String model = colon < 0 ? modelAction : modelAction.substring(0, colon);
    String action = colon < 0 ? "" : modelAction.substring(colon + 1);
    boolean stream = action.equals("streamGenerateContent");
    if (!stream && !action.equals("generateContent")) {
      throw new GatewayException(ErrorKind.MODEL_NOT_FOUND, "Method not found: " + action);
    }
    JsonObject body = JsonBodies.object(ctx.body().buffer());
    format().decodeRequest(body, model, stream); // validates every field, in Google's words
    boolean sse = "sse".equals(ctx.request().getParam("alt"));
    return new ChatRequest(Dialect.GEMINI, model, stream, true, stream && !sse, body,
      ClientToUpstreamHeaders.of(ctx.request().headers()), forwardableQuery(ctx), Operation.CHAT);
  }

  /** The client's query less its key and the stream framing, which the adapter sets itself. */
  private static String forwardableQuery(RoutingContext ctx) {
    return ClientQuery.without(ctx.request().query(), GATEWAYS_PARAMETERS);
  }

  @Override
  public String streamContentType(ChatRequest request) {
    return request.jsonArrayStream() ? "application/json; charset=UTF-8" : "text/event-stream";
  }
}
