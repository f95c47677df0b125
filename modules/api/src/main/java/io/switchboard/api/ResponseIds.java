package io.switchboard.api;

/**
 * The id of a Responses API answer the gateway writes itself (converted from another dialect): the request id's,
 * {@code req_X} giving {@code resp_X}, unique where upstream ids need not be, and naming the request's usage row. An
 * answer passed through from an upstream that speaks the Responses API keeps the upstream's own id.
 */
public final class ResponseIds {
  private ResponseIds() {
  }

  public static String ofRequest(String requestId) {
    return "resp_" + (requestId.startsWith("req_") ? requestId.substring(4) : requestId);
  }
}
