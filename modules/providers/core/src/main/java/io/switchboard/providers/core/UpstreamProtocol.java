package io.switchboard.providers.core;

import io.switchboard.api.ProviderCall;
import io.switchboard.api.StreamTranslator;
import io.switchboard.api.Usage;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.RequestOptions;

/** What one provider kind contributes: how to call it and how to read its answers. */
public interface UpstreamProtocol {
  /** Method, absolute URL and headers (credential included) for this call. */
  RequestOptions request(UpstreamAccount account, ProviderCall call);

  Buffer body(ProviderCall call);

  /** The usage in a complete (non-stream) response body, or null. */
  Usage usageOf(Buffer body);

  StreamTranslator streamTranslator(ProviderCall call);

  /** The error message in an upstream error body when it has this provider's error shape, else null. */
  String errorMessage(Buffer body);
}
