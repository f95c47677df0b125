package io.switchboard.dialects.openai;

import io.switchboard.api.ErrorKind;
import io.switchboard.api.GatewayException;
import io.switchboard.api.chat.Part;

/** An image URL as both OpenAI APIs take it: a web URL, or a base64 data URL read into media type and data. */
public final class OpenAiImageUrls {
  private OpenAiImageUrls() {
  }

  /** {@code path} names the URL's field in the 400 for a data URL that is not base64. */
  public static Part.Image part(String url, String detail, String path) {
    if (!url.startsWith("data:")) {
      return new Part.Image(url, null, null, detail);
    }
    int marker = url.indexOf(";base64,");
    if (marker < 0) {
      throw new GatewayException(ErrorKind.BAD_REQUEST,
        "Invalid value for '" + path + "': a data URL must be base64 (data:<media type>;base64,<data>).");
    }
    return new Part.Image(null, url.substring(5, marker), url.substring(marker + 8), detail);
  }
}
