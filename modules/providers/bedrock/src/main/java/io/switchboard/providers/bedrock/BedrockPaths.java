package io.switchboard.providers.bedrock;

import java.nio.charset.StandardCharsets;

/** The Bedrock runtime URLs for InvokeModel and InvokeModelWithResponseStream under an account's base URL. */
public final class BedrockPaths {

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private BedrockPaths() {
  }

  /** {@code POST {baseUrl}/model/{modelId}/invoke}. */
  public static String invoke(String baseUrl, String modelId) {
    return model(baseUrl, modelId) + "/invoke";
  }

  /** {@code POST {baseUrl}/model/{modelId}/invoke-with-response-stream}. */
  public static String invokeWithResponseStream(String baseUrl, String modelId) {
    return model(baseUrl, modelId) + "/invoke-with-response-stream";
  }

  private static String model(String baseUrl, String modelId) {
    String root = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    return root + "/model/" + encode(modelId);
  }

  /**
   * Percent-encodes a path segment as the AWS SDKs do: every byte of the UTF-8 form except the RFC 3986
   * unreserved characters, so {@code v1:0} becomes {@code v1%3A0} and an inference-profile ARN keeps its
   * {@code /} inside the one segment as {@code %2F}.
   */
  static String encode(String segment) {
    StringBuilder out = new StringBuilder(segment.length() + 8);
    for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xFF);
      if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
        || c == '-' || c == '.' || c == '_' || c == '~') {
        out.append(c);
      } else {
        out.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
      }
    }
    return out.toString();
  }
}
