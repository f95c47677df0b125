package io.switchboard.providers.bedrock;

import io.switchboard.api.Dialect;
import io.switchboard.api.ErrorKind;
import io.switchboard.api.GatewayException;
import io.switchboard.api.ProviderCall;
import io.switchboard.api.StreamTranslator;
import io.switchboard.api.chat.CanonicalRequest;
import io.switchboard.dialects.StreamDecoder;
import io.switchboard.providers.core.UpstreamAccount;
import io.switchboard.providers.core.UpstreamProtocol;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.LinkedHashMap;
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
    BedrockCredentials credentials = BedrockCredentials.parse(account.credential());
    String configured = account.options().getString("region");
    String region = configured != null ? configured : BedrockRequestSigner.region(credentials, account.baseUrl());
    boolean stream = call.request().stream();
    String model = call.candidate().upstreamModel();
    String url = stream ? BedrockPaths.invokeWithResponseStream(account.baseUrl(), model)
      : BedrockPaths.invoke(account.baseUrl(), model);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("content-type", "application/json");
    headers.put("accept", stream ? "application/vnd.amazon.eventstream" : "application/json");
    headers.putAll(signer.sign(credentials, region, "POST", url, headers, body.getBytes(), Instant.now()));
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url);
    headers.forEach(options::putHeader);
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

  @Override
  public Buffer passThroughBody(ProviderCall call) {
    JsonObject body = BedrockBodies.anthropic(call.request().body());
    String betas = call.request().headers().get("anthropic-beta");
    if (betas != null && !body.containsKey("anthropic_beta")) {
      JsonArray flags = new JsonArray();
      for (String flag : betas.split(",")) {
        flags.add(flag.trim()); // Bedrock takes beta flags in the body, not as a header
      }
      body.put("anthropic_beta", flags);
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
