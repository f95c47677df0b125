package io.switchboard.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testkit.TempDirs;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** admin.console.webroot (or --webroot DIR) serves the console from disk: an edited file shows on the next request. */
class ConsoleWebrootTest extends AdminTest {
  private final Path webroot = webroot();

  @Override
  protected JsonObject adminOverrides() {
    return new JsonObject().put("admin", new JsonObject().put("console",
      new JsonObject().put("webroot", webroot.toString())));
  }

  @Test
  void anEditedFileIsServedWithoutARebuildOrRestart() throws IOException {
    GatewayHarness.Reply first = admin.get("/", null);
    assertEquals("<p>first</p>", first.body().toString());
    assertTrue(first.headers().get("content-security-policy").contains("script-src 'self'"));
    Files.writeString(webroot.resolve("index.html"), "<p>second</p>");
    assertEquals("<p>second</p>", admin.get("/", null).body().toString());
    Files.writeString(webroot.resolve("extra.js"), "export const x = 1;");
    assertEquals("export const x = 1;", admin.get("/extra.js", null).body().toString());
    assertEquals(200, admin.get("/vendor/uplot/uPlot.esm.js", null).status(), "uPlot still comes from its webjar");
  }

  private static Path webroot() {
    try {
      Path dir = TempDirs.create("sb-webroot");
      Files.writeString(dir.resolve("index.html"), "<p>first</p>");
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
