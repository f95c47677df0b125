package io.switchboard.admin;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The console's configuration ({@code admin.console}), validated; each bad key is named. {@code webroot} null means
 * the console packaged in the jar; {@code clientUrl} is the gateway's client port the playground sends through.
 */
record ConsoleSettings(Path webroot, String currencySymbol, URI clientUrl) {

  static ConsoleSettings from(JsonObject admin) {
    JsonObject c = admin.getJsonObject("console", new JsonObject());
    String dir = c.getString("webroot", "");
    Path webroot = null;
    if (!dir.isBlank()) {
      webroot = Path.of(dir).toAbsolutePath().normalize();
      if (!Files.isRegularFile(webroot.resolve("index.html"))) {
        throw new IllegalArgumentException("admin.console.webroot must be a directory holding index.html: " + dir);
      }
    }
    String symbol = c.getString("currencySymbol", "$");
    if (symbol.length() > 8) {
      throw new IllegalArgumentException("admin.console.currencySymbol must be at most 8 characters");
    }
    String url = c.getString("clientUrl", "");
    URI clientUrl;
    try {
      clientUrl = new URI(url.isBlank() ? "http://127.0.0.1:8080" : url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("admin.console.clientUrl must be an http(s) URL");
    }
    if (!("http".equals(clientUrl.getScheme()) || "https".equals(clientUrl.getScheme()))
      || clientUrl.getHost() == null) {
      throw new IllegalArgumentException("admin.console.clientUrl must be an http(s) URL");
    }
    return new ConsoleSettings(webroot, symbol, clientUrl);
  }

  /** What the console reads after sign-in. */
  JsonObject toJson() {
    return new JsonObject().put("currencySymbol", currencySymbol).put("clientUrl", clientUrl.toString());
  }
}
