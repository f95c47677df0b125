package io.switchboard.providers.bedrock;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/** Signs Bedrock runtime requests with AWS Signature Version 4, using the AWS SDK's own signer. */
public final class BedrockRequestSigner {

  static final String SERVICE = "bedrock";

  // bedrock-runtime.<region>.amazonaws.com, its -fips twin, VPC endpoint names and the China partition
  private static final Pattern RUNTIME_HOST =
    Pattern.compile("(?:^|\\.)bedrock-runtime(?:-fips)?\\.([a-z0-9-]+)\\.(?:vpce\\.)?amazonaws\\.com(?:\\.cn)?$");

  // The SDK signer is stateless and thread-safe: one for all requests.
  private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

  /**
   * The signing region: the credential's own, else the one in a {@code bedrock-runtime.<region>.amazonaws.com}
   * base URL.
   */
  public static String region(BedrockCredentials credentials, String baseUrl) {
    if (credentials.region() != null) {
      return credentials.region();
    }
    String host = hostOf(baseUrl);
    Matcher matcher = host == null ? null : RUNTIME_HOST.matcher(host.toLowerCase(Locale.ROOT));
    if (matcher == null || !matcher.find()) {
      throw new IllegalArgumentException("Bedrock account with baseUrl " + baseUrl + " names no AWS region: use a"
        + " https://bedrock-runtime.<region>.amazonaws.com base URL or put \"region\" in the credential JSON");
    }
    return matcher.group(1);
  }

  private static String hostOf(String url) {
    try {
      return url == null ? null : URI.create(url).getHost();
    } catch (IllegalArgumentException badUrl) {
      return null;
    }
  }

  /**
   * The headers SigV4 adds to this request (Authorization, X-Amz-Date, Host, X-Amz-Security-Token with a session
   * token, and any other the signer sets), signed at {@code now}. {@code headers} are the ones that will be sent
   * and get signed; the body is hashed into the signature.
   */
  public Map<String, String> sign(BedrockCredentials credentials, String region, String method, String url,
                                  Map<String, String> headers, byte[] body, Instant now) {
    return sign(credentials, region, SERVICE, method, url, headers, body, now);
  }

  /** With any service name, so tests can replay AWS's published SigV4 test suite (service "service"). */
  Map<String, String> sign(BedrockCredentials credentials, String region, String service, String method, String url,
                           Map<String, String> headers, byte[] body, Instant now) {
    SdkHttpRequest.Builder request = SdkHttpRequest.builder()
      .method(SdkHttpMethod.fromValue(method.toUpperCase(Locale.ROOT)))
      .uri(URI.create(url));
    headers.forEach(request::putHeader);
    SignedRequest signed = signer.sign(sign -> sign
      .request(request.build())
      .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
      .identity(identity(credentials))
      .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
      .putProperty(AwsV4HttpSigner.REGION_NAME, region)
      .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(now, ZoneOffset.UTC)));
    Map<String, String> added = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> header : signed.request().headers().entrySet()) {
      String value = String.join(",", header.getValue());
      if (!value.equals(headerValue(headers, header.getKey()))) {
        added.put(header.getKey(), value);
      }
    }
    return added;
  }

  private static String headerValue(Map<String, String> headers, String name) {
    for (Map.Entry<String, String> header : headers.entrySet()) {
      if (header.getKey().equalsIgnoreCase(name)) {
        return header.getValue();
      }
    }
    return null;
  }

  private static AwsCredentialsIdentity identity(BedrockCredentials credentials) {
    return credentials.sessionToken() == null
      ? AwsCredentialsIdentity.create(credentials.accessKeyId(), credentials.secretAccessKey())
      : AwsSessionCredentialsIdentity.create(credentials.accessKeyId(), credentials.secretAccessKey(),
        credentials.sessionToken());
  }
}
