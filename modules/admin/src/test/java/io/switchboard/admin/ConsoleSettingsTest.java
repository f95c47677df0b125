package io.switchboard.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** admin.console: defaults, and a bad value stops the start with a message naming its key. */
class ConsoleSettingsTest {

  @Test
  void withoutAConsoleSectionTheJarsConsoleAndADollarAreUsed() {
    ConsoleSettings settings = ConsoleSettings.from(new JsonObject());
    assertNull(settings.webroot());
    assertEquals(new JsonObject().put("currencySymbol", "$").put("clientUrl", "http://127.0.0.1:8080"),
      settings.toJson());
  }

  @Test
  void aBadValueIsNamedByItsKey(@TempDir Path empty) throws IOException {
    assertTrue(message(new JsonObject().put("webroot", empty.toString())).startsWith("admin.console.webroot"));
    assertTrue(message(new JsonObject().put("clientUrl", "ftp://127.0.0.1:21")).startsWith("admin.console.clientUrl"));
    assertTrue(message(new JsonObject().put("currencySymbol", "dollars and cents"))
      .startsWith("admin.console.currencySymbol"));
    Files.writeString(empty.resolve("index.html"), "<p>hi</p>");
    assertEquals(empty.toAbsolutePath().normalize(),
      ConsoleSettings.from(new JsonObject().put("console", new JsonObject().put("webroot", empty.toString())))
        .webroot());
  }

  private static String message(JsonObject console) {
    return assertThrows(IllegalArgumentException.class,
      () -> ConsoleSettings.from(new JsonObject().put("console", console))).getMessage();
  }
}
