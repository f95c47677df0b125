package io.switchboard.api;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;

/**
 * One attempt at one upstream account for a request the gateway does not model (images, audio, files, any vendor's
 * extras): {@code method}, {@code path} (appended to the account's base URL; starts with '/'), {@code query} (null
 * when none) and {@code headers} as the client sent them, less its credentials, cookies and hop-by-hop headers; the
 * provider adds the account's credential. {@code body} is the whole request body, or, when {@code uploadId} is not
 * null, its start: the rest follows as {@link StreamFrame}s on {@link Addresses#upload} of that id as the provider
 * grants credit on {@link Addresses#uploadControl} (a fresh id per attempt, so nothing of a failed attempt reaches
 * the next). The answer streams back as every stream does ({@link Addresses#stream}), at most
 * {@code creditBytes} ahead of the ingress's credit. Answered with a {@link ProviderHead}.
 */
public record PassThroughCall(String requestId, Candidate candidate, String method, String path, String query,
                              Map<String, String> headers, Buffer body, String uploadId, long creditBytes) {

  public PassThroughCall {
    headers = headers == null ? Map.of() : headers;
    body = body == null ? Buffer.buffer() : body;
  }

  /** Whether the body goes on after {@code body}. */
  public boolean moreBody() {
    return uploadId != null;
  }

  public JsonObject toJson() {
    return new JsonObject().put("requestId", requestId).put("candidate", candidate.toJson()).put("method", method)
      .put("path", path).put("query", query).put("headers", new JsonObject(new HashMap<>(headers)))
      .put("body", body.getBytes()).put("uploadId", uploadId).put("creditBytes", creditBytes);
  }

  public static PassThroughCall fromJson(JsonObject json) {
    Map<String, String> headers = new HashMap<>();
    json.getJsonObject("headers", new JsonObject()).forEach(e -> headers.put(e.getKey(), String.valueOf(e.getValue())));
    return new PassThroughCall(json.getString("requestId"), Candidate.fromJson(json.getJsonObject("candidate")),
      json.getString("method"), json.getString("path"), json.getString("query"), headers,
      Buffer.buffer(json.getBinary("body")), json.getString("uploadId"), json.getLong("creditBytes"));
  }
}
