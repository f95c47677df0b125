package io.switchboard.providers.bedrock;

import io.switchboard.api.Dialect;
import io.switchboard.api.ErrorKind;
import io.switchboard.api.GatewayException;
import io.switchboard.api.ProviderCall;
import io.switchboard.api.StreamTranslator;
import io.switchboard.api.chat.CanonicalRequest;
import io.switchboard.dialects.StreamDecoder;
import io.switchboard.providers.core.AnthropicBetas;
import io.switchboard.providers.core.UpstreamAccount;
import io.switchboard.providers.core.UpstreamPost;
import io.switchboard.providers.core.UpstreamProtocol;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Anthropic models on AWS Bedrock: InvokeModel / InvokeModelWithResponseStream at the account's regional endpoint,
 * signed with SigV4 (the AWS SDK's signer); the body is Anthropic's without model and stream; the stream comes as
 * AWS event-stream frames, so its bytes are always re-encoded for the client.
 */
final class BedrockProtocol implements UpstreamProtocol {
  private final BedrockRequestSigner signer = new BedrockRequestSigner();

  @Override
  public Dialect dialect() {
    return Dialect.ANTHROPIC;
  }

  @Override
  public RequestOptions request(UpstreamAccount account, ProviderCall call, Buffer body) {
    boolean stream = call.request().stream();
    String model = call.candidate().upstreamModel();
    String url = stream ? BedrockPaths.invokeWithResponseStream(account.baseUrl(), model)
      : BedrockPaths.invoke(account.baseUrl(), model);
    RequestOptions options = UpstreamPost.to(url)
      .putHeader("content-type", "application/json")
      .putHeader("accept", stream ? "application/vnd.amazon.eventstream" : "application/json");
    authorize(options, url, account, body);
    return options;
  }

  /**
   * SigV4 over the request as it will be sent: Bedrock hashes the whole body into the signature, so a body that
   * streams (larger than the ingress reads whole) cannot be signed and is refused with 413.
   */
  @Override
  public void authorize(RequestOptions options, String url, UpstreamAccount account, Buffer body) {
    if (body == null) {
      throw new GatewayException(ErrorKind.BODY_TOO_LARGE, "Bedrock signs whole request bodies: this one is larger"
        + " than the gateway reads whole (ingress.passThrough.bufferBytes)");
    }
    BedrockCredentials credentials = BedrockCredentials.parse(account.credential());
    String configured = account.options().getString("region");
    String region = configured != null ? configured : BedrockRequestSigner.region(credentials, account.baseUrl());
    Map<String, String> headers = new LinkedHashMap<>();
    if (options.getHeaders() != null) {
      options.getHeaders().forEach(header -> headers.put(header.getKey(), header.getValue()));
    }
    signer.sign(credentials, region, options.getMethod().name(), url, headers, body.getBytes(),
      Instant.now()).forEach(options::putHeader);
  }

  /**
   * Bedrock takes beta flags in the body ({@code anthropic_beta}), not as a header; those the account lists in
   * {@code options.dropBetas} are left out.
   */
  @Override
  public Buffer passThroughBody(UpstreamAccount account, ProviderCall call) {
    JsonObject body = BedrockBodies.anthropic(call.request().body());
    List<String> flags = new ArrayList<>();
    if (body.getValue("anthropic_beta") instanceof JsonArray own) {
      own.forEach(flag -> flags.add(String.valueOf(flag)));
    } else if (call.request().headers().get(AnthropicBetas.HEADER) != null) {
      flags.addAll(List.of(call.request().headers().get(AnthropicBetas.HEADER).split(",")));
    }
    List<String> kept = AnthropicBetas.kept(flags, account.options());
    body.remove("anthropic_beta");
    if (!kept.isEmpty()) {
      body.put("anthropic_beta", new JsonArray(new ArrayList<>(kept)));
    }
    return body.toBuffer();
  }

  @Override
  public Buffer convertedBody(ProviderCall call, CanonicalRequest request) {
    return BedrockBodies.anthropic(format().encodeRequest(request)).toBuffer();
  }

  @Override
  public StreamTranslator passThroughStream(ProviderCall call) {
    return null; // event-stream frames are not what an Anthropic client reads
  }

  @Override
  public StreamDecoder streamDecoder() {
    return new BedrockStreamDecoder();
  }

  @Override
  public String errorMessage(Buffer body) {
    try {
      JsonObject json = body.toJsonObject();
      Object message = json.getValue("message", json.getValue("Message"));
      return message instanceof String text ? text : null;
    } catch (RuntimeException notJson) {
      return null;
    }
  }
}
