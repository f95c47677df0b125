package io.switchboard.ingress;

import io.switchboard.api.Addresses;
import io.switchboard.api.Candidate;
import io.switchboard.api.ChatRequest;
import io.switchboard.api.ErrorKind;
import io.switchboard.api.ResponseIds;
import io.switchboard.api.StoredConversation;
import io.switchboard.api.StoredResponse;
import io.switchboard.api.StoredResponseRequest;
import io.switchboard.dialects.openai.OpenAiErrors;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Responses API request's conversation. One naming {@code previous_response_id} continues a stored response of its
 * key: the account whose upstream holds that response itself is tried first and gets the request as sent; any other
 * account gets the stored conversation's items ahead of the request's own input instead. With {@code store} on
 * (OpenAI's default) the finished answer is kept ({@code sb.responses.save}) for the next turn, on any node, before
 * the client's answer ends: a client can retrieve or continue it the moment it has it.
 */
final class ResponsesConversation implements Conversation {
  private static final Logger LOG = LoggerFactory.getLogger(ResponsesConversation.class);
  private final EventBus bus;
  private final DeliveryOptions delivery;
  private final long keyId;
  private final String requestId;
  private final ChatRequest request;
  private final StoredConversation stored;
  private final boolean keep;
  private final ResponseCapture capture;
  private ChatRequest rebuilt;

  private ResponsesConversation(EventBus bus, DeliveryOptions delivery, long keyId, String requestId,
                                ChatRequest request, StoredConversation stored) {
    this.bus = bus;
    this.delivery = delivery;
    this.keyId = keyId;
    this.requestId = requestId;
    this.request = request;
    this.stored = stored;
    this.keep = !Boolean.FALSE.equals(request.body().getValue("store"));
    this.capture = keep && request.stream() ? new ResponseCapture() : null;
  }

  /** The request's conversation, with the stored one it continues loaded; 400 when the key has no such response. */
  static Future<Conversation> load(EventBus bus, DeliveryOptions delivery, long keyId, String requestId,
                                   ChatRequest request) {
    String previous = previousResponseId(request);
    if (previous == null) {
      return Future.succeededFuture(new ResponsesConversation(bus, delivery, keyId, requestId, request, null));
    }
    return bus.<StoredConversation>request(Addresses.RESPONSES_CONVERSATION, new StoredResponseRequest(keyId, previous),
        delivery)
      .<Conversation>map(reply -> new ResponsesConversation(bus, delivery, keyId, requestId, request,
        reply.body()))
      .recover(failure -> Future.failedFuture(notFound(failure) ? previousNotFound(previous) : failure));
  }

  private static boolean notFound(Throwable failure) {
    return failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.RECIPIENT_FAILURE
      && reply.failureCode() == 404;
  }

  /** OpenAI's answer, naming the field and its code. */
  private static PreparedError previousNotFound(String id) {
    String message = "Previous response with id '" + id + "' not found.";
    JsonObject error = OpenAiErrors.body(ErrorKind.BAD_REQUEST, message).toJsonObject().getJsonObject("error")
      .put("param", "previous_response_id").put("code", "previous_response_not_found");
    return new PreparedError(ErrorKind.BAD_REQUEST, message, new JsonObject().put("error", error).toBuffer());
  }

  private static String previousResponseId(ChatRequest request) {
    return request.body().getValue("previous_response_id") instanceof String id && !id.isBlank() ? id : null;
  }

  /** Whether this account's upstream holds the stored conversation, so the request goes to it as sent. */
  private boolean holdsIt(Candidate candidate) {
    return stored != null && stored.upstreamState() && candidate.accountId() == stored.accountId();
  }

  @Override
  public List<Candidate> order(List<Candidate> candidates) {
    if (stored == null || !stored.upstreamState()) {
      return candidates;
    }
    List<Candidate> ordered = new ArrayList<>(candidates.size());
    candidates.stream().filter(this::holdsIt).forEach(ordered::add);
    candidates.stream().filter(c -> !holdsIt(c)).forEach(ordered::add);
    return ordered;
  }

  @Override
  public ChatRequest requestFor(Candidate candidate) {
    if (stored == null || holdsIt(candidate)) {
      return request;
    }
    if (rebuilt == null) {
      JsonObject body = request.body().copy();
      body.remove("previous_response_id");
      JsonArray input = stored.items().copy();
      ownInput().forEach(input::add);
      rebuilt = request.withBody(body.put("input", input));
    }
    return rebuilt;
  }

  /** The request's own input as items: a string is one user message. */
  private JsonArray ownInput() {
    Object input = request.body().getValue("input");
    if (input instanceof JsonArray items) {
      return items.copy();
    }
    if (input instanceof String text) {
      return new JsonArray().add(new JsonObject().put("type", "message").put("role", "user")
        .put("content", new JsonArray().add(new JsonObject().put("type", "input_text").put("text", text))));
    }
    return new JsonArray();
  }

  @Override
  public boolean watchesStream() {
    return capture != null;
  }

  @Override
  public boolean written(Buffer frame) {
    capture.accept(frame);
    return capture.response() != null;
  }

  /** Keeps the answer; a failure to keep it is logged and the client gets its answer all the same. */
  @Override
  public Future<Void> answered(Candidate candidate, Buffer body) {
    if (!keep) {
      return Future.succeededFuture();
    }
    JsonObject response = body != null ? object(body) : capture.response();
    if (response == null || !(response.getValue("id") instanceof String id) || "failed".equals(response.getValue("status"))) {
      return Future.succeededFuture();
    }
    // the gateway names the answers it converts; one that keeps the upstream's id came from its Responses API
    boolean upstreamState = !id.equals(ResponseIds.ofRequest(requestId))
      && Boolean.TRUE.equals(response.getValue("store"));
    return bus.request(Addresses.RESPONSES_SAVE, new StoredResponse(keyId, id, candidate.accountId(), upstreamState,
        previousResponseId(request), request.model(), ownInput(), response, System.currentTimeMillis()), delivery)
      .<Void>mapEmpty()
      .recover(failure -> {
        if (!(failure instanceof ReplyException reply) || reply.failureType() != ReplyFailure.RECIPIENT_FAILURE) {
          // storage's own failures are logged where they happen
          LOG.warn("response {} was answered before it was known to be kept: {}", id, failure.getMessage());
        }
        return Future.succeededFuture();
      });
  }

  private static JsonObject object(Buffer body) {
    try {
      return body.toJsonObject();
    } catch (RuntimeException notJson) {
      return null;
    }
  }
}
