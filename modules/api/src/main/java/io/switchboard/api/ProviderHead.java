package io.switchboard.api;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;

/**
 * The provider's answer to a {@link ProviderCall}. On success for a stream, frames follow on
 * {@link Addresses#stream}; on success for a plain request, {@code body} is the whole response. On failure,
 * {@code errorKind} and {@code message} say what went wrong, {@code body} may hold an upstream error body
 * safe to pass on, and {@code retryable} tells the ingress whether another account may succeed.
 * {@code headers} are upstream response headers fit to pass to the client (hop-by-hop ones removed).
 * {@code errorClass} names the upstream failure behind it (null on success).
 */
public record ProviderHead(boolean ok, int status, Map<String, String> headers, ErrorKind errorKind, String message,
                           Buffer body, Usage usage, boolean retryable, ErrorClass errorClass) {

  public ProviderHead {
    headers = headers == null ? Map.of() : headers;
  }

  public ProviderHead(boolean ok, int status, Map<String, String> headers, ErrorKind errorKind, String message,
                      Buffer body, Usage usage, boolean retryable) {
    this(ok, status, headers, errorKind, message, body, usage, retryable, null);
  }

  /** This head with its failure named by error class. */
  public ProviderHead withErrorClass(ErrorClass errorClass) {
    return new ProviderHead(ok, status, headers, errorKind, message, body, usage, retryable, errorClass);
  }

  public static ProviderHead streaming(int status, Map<String, String> headers) {
    return new ProviderHead(true, status, headers, null, null, null, null, false);
  }

  public static ProviderHead complete(int status, Map<String, String> headers, Buffer body, Usage usage) {
    return new ProviderHead(true, status, headers, null, null, body, usage, false);
  }

  public static ProviderHead failed(int status, ErrorKind kind, String message, Buffer body, boolean retryable) {
    return failed(status, Map.of(), kind, message, body, retryable);
  }

  public static ProviderHead failed(int status, Map<String, String> headers, ErrorKind kind, String message,
                                    Buffer body, boolean retryable) {
    return new ProviderHead(false, status, headers, kind, message, body, null, retryable);
  }

  public JsonObject toJson() {
    return new JsonObject().put("ok", ok).put("status", status).put("headers", new JsonObject(new HashMap<>(headers)))
      .put("errorKind", errorKind == null ? null : errorKind.name()).put("message", message)
      .put("body", body == null ? null : body.getBytes())
      .put("usage", usage == null ? null : usage.toJson()).put("retryable", retryable)
      .put("errorClass", ErrorClass.wireName(errorClass));
  }

  public static ProviderHead fromJson(JsonObject json) {
    byte[] body = json.getBinary("body");
    String kind = json.getString("errorKind");
    Map<String, String> headers = new HashMap<>();
    json.getJsonObject("headers", new JsonObject()).forEach(e -> headers.put(e.getKey(), String.valueOf(e.getValue())));
    return new ProviderHead(json.getBoolean("ok"), json.getInteger("status"), headers,
      kind == null ? null : ErrorKind.valueOf(kind), json.getString("message"),
      body == null ? null : Buffer.buffer(body), Usage.fromJson(json.getJsonObject("usage")), json.getBoolean("retryable"),
      ErrorClass.fromWire(json.getString("errorClass")));
  }
}
