package io.switchboard.ingress;

import io.switchboard.api.Addresses;
import io.switchboard.api.ErrorKind;
import io.switchboard.api.StoredResponse;
import io.switchboard.api.StoredResponseRequest;
import io.switchboard.dialects.openai.OpenAiErrors;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The stored responses of the caller's key, as OpenAI serves them: {@code GET /v1/responses/{id}},
 * {@code DELETE /v1/responses/{id}} and {@code GET /v1/responses/{id}/input_items} (paged with {@code limit},
 * {@code order}, {@code after}). Another key's response, like one never stored, is not found (404).
 */
final class StoredResponsesRoutes {
  private static final int DEFAULT_LIMIT = 20;
  private static final int MAX_LIMIT = 100;
  private final EventBus bus;
  private final IngressSettings settings;
  private final ClientApi api;

  StoredResponsesRoutes(EventBus bus, IngressSettings settings, ClientApi api) {
    this.bus = bus;
    this.settings = settings;
    this.api = api;
  }

  void get(RoutingContext ctx) {
    stored(ctx, Addresses.RESPONSES_GET).onSuccess(found -> json(ctx, found.response()));
  }

  void delete(RoutingContext ctx) {
    stored(ctx, Addresses.RESPONSES_DELETE).onSuccess(deleted -> json(ctx, new JsonObject().put("id", deleted.id())
      .put("object", "response").put("deleted", true)));
  }

  void inputItems(RoutingContext ctx) {
    int limit;
    try {
      limit = Integer.parseInt(ctx.request().getParam("limit", String.valueOf(DEFAULT_LIMIT)));
    } catch (NumberFormatException notANumber) {
      limit = -1;
    }
    String order = ctx.request().getParam("order", "desc");
    if (limit < 1 || limit > MAX_LIMIT || !order.equals("asc") && !order.equals("desc")) {
      ErrorReplies.send(ctx.response(), 400, OpenAiErrors.body(ErrorKind.BAD_REQUEST, limit < 1 || limit > MAX_LIMIT
        ? "Invalid 'limit': expected an integer between 1 and " + MAX_LIMIT + "."
        : "Invalid 'order': expected one of 'asc' or 'desc'."));
      return;
    }
    int pageSize = limit;
    String after = ctx.request().getParam("after");
    stored(ctx, Addresses.RESPONSES_GET).onSuccess(found -> json(ctx, page(items(found), order, after, pageSize)));
  }

  /** The request's own input items, each with an id (OpenAI lists every item with one). */
  private static List<JsonObject> items(StoredResponse found) {
    String suffix = found.id().startsWith("resp_") ? found.id().substring(5) : found.id();
    List<JsonObject> items = new ArrayList<>();
    for (int i = 0; i < found.input().size(); i++) {
      JsonObject item = found.input().getValue(i) instanceof JsonObject o ? o.copy() : new JsonObject();
      if (!(item.getValue("id") instanceof String)) {
        String kind = "message".equals(item.getValue("type", "message")) ? "msg_" : "item_";
        item = new JsonObject().put("id", kind + suffix + "_in" + i).mergeIn(item);
      }
      items.add(item);
    }
    return items;
  }

  private static JsonObject page(List<JsonObject> items, String order, String after, int limit) {
    List<JsonObject> ordered = new ArrayList<>(items);
    if (order.equals("desc")) {
      Collections.reverse(ordered);
    }
    int start = 0;
    if (after != null) {
      for (int i = 0; i < ordered.size(); i++) {
        if (after.equals(ordered.get(i).getString("id"))) {
          start = i + 1;
        }
      }
    }
    List<JsonObject> data = ordered.subList(Math.min(start, ordered.size()), Math.min(start + limit, ordered.size()));
    return new JsonObject().put("object", "list").put("data", new JsonArray(new ArrayList<>(data)))
      .put("first_id", data.isEmpty() ? null : data.get(0).getString("id"))
      .put("last_id", data.isEmpty() ? null : data.get(data.size() - 1).getString("id"))
      .put("has_more", start + limit < ordered.size());
  }

  /** The caller's stored response named in the path, after {@code address} acted on it; errors are answered here. */
  private Future<StoredResponse> stored(RoutingContext ctx, String address) {
    String id = ctx.pathParam("id");
    return ClientKeys.authenticate(bus, api, ctx, settings)
      .compose(principal -> bus.<StoredResponse>request(address, new StoredResponseRequest(principal.keyId(), id),
        settings.controlDelivery()))
      .map(Message::body)
      .onFailure(failure -> {
        if (failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.RECIPIENT_FAILURE
          && reply.failureCode() == 404) {
          ErrorReplies.send(ctx.response(), 404,
            OpenAiErrors.body(ErrorKind.BAD_REQUEST, "No response found with id '" + id + "'."));
        } else {
          ErrorReplies.send(ctx.response(), api.format(), failure);
        }
      });
  }

  private static void json(RoutingContext ctx, JsonObject body) {
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(body.toBuffer());
  }
}
