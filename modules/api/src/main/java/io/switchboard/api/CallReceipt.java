package io.switchboard.api;

import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

/**
 * An adapter's word that a provider call reached it, on which cluster node ({@link Addresses#callReceipts}): the
 * ingress that sent the call then knows whose departure ends it. A call asks for a receipt with the
 * {@link #TO_HEADER} and {@link #ID_HEADER} delivery headers, which only a clustered ingress sets.
 */
public record CallReceipt(String callId, String node) {
  /** Header of a provider call: where to send its receipt. */
  public static final String TO_HEADER = "sb-receipt-to";
  /** Header of a provider call: the id of this attempt, echoed in its receipt. */
  public static final String ID_HEADER = "sb-call-id";

  /** Sends the receipt the call asks for, if it asks for one. */
  public static void acknowledge(EventBus bus, Message<?> call, String node) {
    String to = call.headers().get(TO_HEADER);
    if (to != null) {
      bus.send(to, new CallReceipt(call.headers().get(ID_HEADER), node));
    }
  }

  public JsonObject toJson() {
    return new JsonObject().put("callId", callId).put("node", node);
  }

  public static CallReceipt fromJson(JsonObject json) {
    return new CallReceipt(json.getString("callId"), json.getString("node"));
  }
}
