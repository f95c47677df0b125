package io.switchboard.providers.core;

import io.switchboard.api.Dialect;
import io.switchboard.api.ProviderCall;
import io.switchboard.api.StreamTranslator;
import io.switchboard.api.chat.CanonicalRequest;
import io.switchboard.dialects.StreamDecoder;
import io.switchboard.dialects.WireFormat;
import io.switchboard.dialects.WireFormats;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.RequestOptions;

/**
 * What one provider kind contributes: how to address and authenticate its API, and where its wire differs from
 * its dialect's plain form. Everything else (pass-through or conversion, usage, errors) is the base's.
 */
public interface UpstreamProtocol {
  /**
   * The dialect this upstream speaks; null for a wire no client speaks (an adapter from a jar with a
   * {@link #format()} of its own), whose calls are then all converted.
   */
  Dialect dialect();

  /**
   * The protocol that serves this call on this account: this one, or another API of the same upstream that the
   * account or the client's dialect calls for (OpenAI's Responses API beside Chat Completions).
   */
  default UpstreamProtocol serving(UpstreamAccount account, ProviderCall call) {
    return this;
  }

  /** Method, absolute URL and headers (credential included) for this call; {@code body} is final (for signing). */
  RequestOptions request(UpstreamAccount account, ProviderCall call, Buffer body);

  /**
   * Puts the account's credential on a pass-through request ({@code options}: its method, {@code url} and headers,
   * final) the way this provider takes it. {@code body} is the whole body, or null when it streams.
   */
  void authorize(RequestOptions options, String url, UpstreamAccount account, Buffer body);

  /** The client's own body made ready for this upstream (the client speaks this upstream's dialect). */
  Buffer passThroughBody(UpstreamAccount account, ProviderCall call);

  /** A request from another dialect, encoded for this upstream. */
  default Buffer convertedBody(ProviderCall call, CanonicalRequest request) {
    return format().encodeRequest(request).toBuffer();
  }

  /** The stream for a client of this upstream's dialect: its bytes untouched, usage read on the side. */
  default StreamTranslator passThroughStream(ProviderCall call) {
    return new PassThroughTranslator(streamDecoder());
  }

  /** Reads this upstream's stream into canonical events. */
  default StreamDecoder streamDecoder() {
    return format().streamDecoder();
  }

  /**
   * Whether this error answer says the account's credential was refused (so the account is {@code invalid}, not the
   * client at fault): 401 and 403, and whatever else this upstream answers an invalid key with.
   */
  default boolean refusesCredential(int status, Buffer body) {
    return status == 401 || status == 403;
  }

  /** The message of an upstream error body, or null when it has another shape. */
  default String errorMessage(Buffer body) {
    return format().errorMessage(body);
  }

  default WireFormat format() {
    return WireFormats.of(dialect());
  }
}
