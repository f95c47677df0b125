package io.switchboard.providers.bedrock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** SigV4 headers from the AWS SDK signer: a published AWS example reproduced, then the Bedrock requests' shape. */
class BedrockRequestSignerTest {

  private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
  private static final BedrockCredentials KEY = new BedrockCredentials("AKIDEXAMPLE", SECRET, null, null);
  private static final String URL = BedrockPaths.invoke("https://bedrock-runtime.us-east-1.amazonaws.com",
    "anthropic.claude-3-5-sonnet-20240620-v1:0");
  private static final Map<String, String> HEADERS = Map.of("content-type", "application/json",
    "accept", "application/json");
  private static final byte[] BODY = ("{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":64,"
    + "\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}").getBytes(StandardCharsets.UTF_8);
  private static final Instant NOW = Instant.parse("2024-06-20T10:15:30Z");
  private static final Pattern AUTHORIZATION = Pattern.compile("AWS4-HMAC-SHA256 "
    + "Credential=AKIDEXAMPLE/20240620/us-east-1/bedrock/aws4_request, SignedHeaders=([a-z0-9;-]+), "
    + "Signature=([0-9a-f]{64})");

  private final BedrockRequestSigner signer = new BedrockRequestSigner();

  /**
   * AWS's "GET Object" example from the S3 SigV4 documentation (Authenticating Requests: Using the Authorization
   * Header), whose SignedHeaders include x-amz-content-sha256 as this signer always adds it. (The generic SigV4
   * test suite's vectors sign without that header, so the SDK signer cannot reproduce them.)
   */
  @Test
  void reproducesAwsPublishedExample() {
    BedrockCredentials example = new BedrockCredentials("AKIAIOSFODNN7EXAMPLE",
      "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", null, null);
    Map<String, String> added = signer.sign(example, "us-east-1", "s3", "GET",
      "https://examplebucket.s3.amazonaws.com/test.txt", Map.of("Range", "bytes=0-9"), new byte[0],
      Instant.parse("2013-05-24T00:00:00Z"));
    assertEquals("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
        + "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
        + "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41",
      added.get("Authorization"));
    assertEquals("20130524T000000Z", added.get("X-Amz-Date"));
    assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
      added.get("x-amz-content-sha256"));
  }

  @Test
  void bedrockRequestGetsAuthorizationDateHostAndPayloadHash() {
    Map<String, String> added = signer.sign(KEY, "us-east-1", "POST", URL, HEADERS, BODY, NOW);
    assertEquals(List.of("Authorization", "Host", "X-Amz-Date", "x-amz-content-sha256"),
      added.keySet().stream().sorted().toList());
    Matcher authorization = AUTHORIZATION.matcher(added.get("Authorization"));
    assertTrue(authorization.matches(), added.get("Authorization"));
    assertEquals("accept;content-type;host;x-amz-content-sha256;x-amz-date", authorization.group(1));
    assertEquals("20240620T101530Z", added.get("X-Amz-Date"));
    assertEquals("bedrock-runtime.us-east-1.amazonaws.com", added.get("Host"));
    assertEquals(sha256Hex(BODY), added.get("x-amz-content-sha256"));
  }

  @Test
  void sessionTokenIsSentAndSigned() {
    BedrockCredentials session = new BedrockCredentials("AKIDEXAMPLE", SECRET, "FwoGZXIvYXdzEXAMPLE", null);
    Map<String, String> added = signer.sign(session, "us-east-1", "POST", URL, HEADERS, BODY, NOW);
    assertEquals("FwoGZXIvYXdzEXAMPLE", added.get("X-Amz-Security-Token"));
    Matcher authorization = AUTHORIZATION.matcher(added.get("Authorization"));
    assertTrue(authorization.matches(), added.get("Authorization"));
    assertEquals("accept;content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token",
      authorization.group(1));
    assertNotEquals(signature(signer.sign(KEY, "us-east-1", "POST", URL, HEADERS, BODY, NOW)), signature(added));
  }

  @Test
  void sameRequestAtTheSameInstantSignsTheSame() {
    assertEquals(signer.sign(KEY, "us-east-1", "POST", URL, HEADERS, BODY, NOW),
      new BedrockRequestSigner().sign(KEY, "us-east-1", "POST", URL, new LinkedHashMap<>(HEADERS), BODY.clone(), NOW));
  }

  @Test
  void everySignedInputChangesTheSignature() {
    String base = signature(signer.sign(KEY, "us-east-1", "POST", URL, HEADERS, BODY, NOW));
    byte[] otherBody = BODY.clone();
    otherBody[otherBody.length - 4] = 'X';
    List<Map<String, String>> variants = List.of(
      signer.sign(KEY, "us-east-1", "POST", URL, HEADERS, otherBody, NOW),
      signer.sign(KEY, "us-east-1", "POST", URL, HEADERS, BODY, NOW.plusSeconds(1)),
      signer.sign(KEY, "us-west-2", "POST", URL, HEADERS, BODY, NOW),
      signer.sign(KEY, "us-east-1", "POST", URL.replace("/invoke", "/invoke-with-response-stream"), HEADERS, BODY,
        NOW),
      signer.sign(KEY, "us-east-1", "POST", URL, Map.of("content-type", "application/json",
        "accept", "application/vnd.amazon.eventstream"), BODY, NOW),
      signer.sign(new BedrockCredentials("AKIDEXAMPLE", SECRET.replace('w', 'v'), null, null), "us-east-1", "POST",
        URL, HEADERS, BODY, NOW));
    for (Map<String, String> variant : variants) {
      assertNotEquals(base, signature(variant));
    }
  }

  @ParameterizedTest
  @CsvSource({
    "https://bedrock-runtime.us-east-1.amazonaws.com, us-east-1",
    "https://bedrock-runtime.eu-central-1.amazonaws.com/, eu-central-1",
    "https://bedrock-runtime-fips.us-gov-west-1.amazonaws.com, us-gov-west-1",
    "https://vpce-0a1b2c3d-4e5f.bedrock-runtime.ap-southeast-2.vpce.amazonaws.com, ap-southeast-2",
    "https://bedrock-runtime.cn-north-1.amazonaws.com.cn, cn-north-1",
    "HTTPS://BEDROCK-RUNTIME.US-WEST-2.AMAZONAWS.COM, us-west-2"
  })
  void regionFromTheBaseUrl(String baseUrl, String region) {
    assertEquals(region, BedrockRequestSigner.region(KEY, baseUrl));
  }

  @Test
  void regionInTheCredentialWins() {
    BedrockCredentials withRegion = new BedrockCredentials("AKIDEXAMPLE", SECRET, null, "eu-west-3");
    assertEquals("eu-west-3",
      BedrockRequestSigner.region(withRegion, "https://bedrock-runtime.us-east-1.amazonaws.com"));
    assertEquals("eu-west-3", BedrockRequestSigner.region(withRegion, "http://127.0.0.1:9999"));
  }

  @Test
  void noRegionAnywhereNamesTheBaseUrl() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
      () -> BedrockRequestSigner.region(KEY, "https://bedrock-proxy.example.com"));
    assertTrue(e.getMessage().contains("https://bedrock-proxy.example.com"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> BedrockRequestSigner.region(KEY, "not a url"));
  }

  private static String signature(Map<String, String> added) {
    Matcher authorization = Pattern.compile("Signature=([0-9a-f]{64})$").matcher(added.get("Authorization"));
    assertTrue(authorization.find(), added.get("Authorization"));
    return authorization.group(1);
  }

  private static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
