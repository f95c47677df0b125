package io.switchboard.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testkit.TestStorage;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** With no password configured, the initial admin's generated password is printed once to the console, never logged. */
@ExtendWith({VertxExtension.class, TestStorage.class})
class InitialAdminTest {

  @Test
  void aGeneratedPasswordIsPrintedOnceAndSignsIn(Vertx vertx) throws Exception {
    int adminPort = GatewayHarness.freePort();
    JsonObject overrides = new JsonObject().put("admin", new JsonObject().put("port", adminPort)
      .put("initialAdmin", new JsonObject().put("password", "")));
    CapturedLogs logs = CapturedLogs.attach();
    PrintStream console = System.out;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    String first;
    String second;
    try {
      System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
      GatewayHarness.start(vertx, overrides).await().stop().await();
      first = printed.toString(StandardCharsets.UTF_8);
      printed.reset();
      GatewayHarness gw = GatewayHarness.start(vertx, overrides).await();
      second = printed.toString(StandardCharsets.UTF_8);
      System.setOut(console);
      Matcher m = Pattern.compile("created the initial admin 'admin' with password (\\S+) ").matcher(first);
      assertTrue(m.find(), first);
      String password = m.group(1);
      assertTrue(password.length() >= 20, "generated from 18 random bytes");
      assertFalse(second.contains("initial admin"), "printed once, not at every start: " + second);

      AdminClient admin = new AdminClient(vertx, adminPort);
      assertEquals(200, admin.post("/admin/auth/login", null, new JsonObject().put("username", "admin")
        .put("password", password)).status());
      assertEquals(List.of("admin"), TestStorage.query("select role from users"));
      admin.close().await();
      gw.stop().await();
      for (String line : logs.lines()) {
        assertFalse(line.contains(password), "logged: " + line);
      }
    } finally {
      System.setOut(console);
      logs.detach();
    }
  }
}
