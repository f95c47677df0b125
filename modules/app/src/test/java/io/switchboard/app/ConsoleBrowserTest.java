package io.switchboard.app;

import static io.switchboard.app.GatewayHarness.CLIENT_KEY;
import static io.switchboard.app.GatewayHarness.MODEL;
import static io.switchboard.app.GatewayHarness.chat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Page;
import io.switchboard.testkit.TestStorage;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The console in a real browser, signed in as the initial admin: every page draws without a console error (and is
 * saved as a screenshot under target/console-screenshots), the first load stays small, tokens refresh and sign-out
 * ends the session, a new key is shown exactly once, and the language switch changes every string.
 */
class ConsoleBrowserTest extends BrowserTest {
  private static final List<String> ADMIN_PAGES = List.of("dashboard", "accounts", "accounts/{account}", "keys",
    "users", "users/{user}", "groups", "rules", "rules/{rule}", "rules/new", "usage", "cron", "deployments", "audit",
    "playground", "profile");

  @Test
  void theFirstLoadIsSmallAndEveryPageDrawsWithoutAConsoleError() throws Exception {
    for (int i = 0; i < 3; i++) {
      assertEquals(200, gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, i == 2, null)).await().status());
    }
    TestStorage.awaitRows("select 1 from usage_log", 3);
    AtomicLong transferred = new AtomicLong();
    page.onRequestFinished(r -> transferred.addAndGet(r.sizes().responseBodySize + r.sizes().responseHeadersSize));
    page.navigate(base);
    page.waitForSelector("[data-page=login]");
    screenshot(page, "login");
    signInAdmin();
    page.waitForSelector("[data-page=dashboard] .uplot");
    page.waitForLoadState();
    assertTrue(transferred.get() < 300_000, "sign-in page and dashboard took " + transferred.get() + " bytes");
    assertEquals("$", page.evaluate("() => document.querySelector('[data-stat=cost] .v').textContent.slice(0, 1)")
      .toString(), "money shows the configured currency symbol");

    String token = admin.loginAdmin();
    String rule = admin.post("/admin/rules", token, new JsonObject().put("name", "overloaded-529")
      .put("condition", new JsonObject().put("type", "status").put("equals", 529))
      .put("threshold", new JsonObject().put("count", 3).put("windowSeconds", 60))
      .put("actions", new JsonArray().add(new JsonObject().put("type", "disable").put("status", "overloaded"))))
      .json().getLong("id").toString();
    String account = new JsonArray(admin.get("/admin/accounts", token).body()).getJsonObject(0).getLong("id").toString();
    String user = new JsonArray(admin.get("/admin/users", token).body()).getJsonObject(0).getLong("id").toString();
    TestStorage.execute("insert into key_alerts (key_id, at, kind, detail, client_ip, model, action) select id, now(),"
      + " 'new_ip', '198.51.100.0/24', '198.51.100.7', 'gpt-4o-mini', 'alert' from api_keys where name = 'client'");
    for (String p : ADMIN_PAGES) {
      String hash = p.replace("{rule}", rule).replace("{account}", account).replace("{user}", user);
      open(page, hash, p.contains("/") ? p.substring(0, p.indexOf('/')).replaceAll("s$", "") + "-detail" : p);
      if (p.equals("dashboard")) {
        page.waitForSelector("[data-grid=health] [data-account=mock]");
        page.waitForSelector("[data-page=dashboard] .live .uplot");
      }
      if (p.equals("keys")) {
        page.waitForSelector("[data-page=keys] .mono:text-is('198.51.100.0/24')"); // the anomaly alerts under the keys
      }
      screenshot(page, "admin-" + p.replace("/{", "-").replace("}", "").replace('/', '-'));
    }
  }

  @Test
  void tokensRefreshAndSigningOutEndsTheSession() {
    expectFailedRequests(); // the spoiled access token is refused once before the refresh
    signInAdmin();
    page.evaluate("() => sessionStorage.setItem('sb.access', 'spoiled.token.value')");
    open(page, "keys", "keys");
    assertTrue(page.textContent("[data-page=keys]").contains("client"), "the keys list came after a refresh");
    assertFalse("spoiled.token.value".equals(page.evaluate("() => sessionStorage.getItem('sb.access')")));

    page.click("[data-action=sign-out]");
    page.waitForSelector("[data-page=login]");
    assertNull(page.evaluate("() => sessionStorage.getItem('sb.access') || sessionStorage.getItem('sb.refresh')"));
    page.navigate(base + "#/keys");
    page.waitForSelector("[data-page=login]");
  }

  @Test
  void aUserChangesTheirPasswordAndSignsInWithTheNewOne() {
    admin.createUser(admin.loginAdmin(), "kim", "kim-password-1", "user");
    signIn(page, "kim", "kim-password-1");
    open(page, "profile", "profile");
    page.fill("[data-field=currentPassword]", "kim-password-1");
    page.fill("[data-field=newPassword]", "kim-password-2");
    page.fill("[data-field=repeat]", "kim-password-2");
    page.click("[data-page=profile] button[type=submit]");
    page.waitForSelector(".toast.good");
    open(page, "keys", "keys");
    page.click("[data-action=sign-out]");
    page.waitForSelector("[data-page=login]");
    signIn(page, "kim", "kim-password-2");
    assertEquals(401, admin.post("/admin/auth/login", null, new JsonObject().put("username", "kim")
      .put("password", "kim-password-1")).status(), "the old password no longer signs in");
  }

  @Test
  void aNewKeyIsShownExactlyOnceAndWorksAtTheClientPort() {
    context.grantPermissions(List.of("clipboard-read", "clipboard-write"));
    signInAdmin();
    open(page, "keys", "keys");
    page.click("[data-action=new-key]");
    page.fill("dialog [data-field=name]", "browser-key");
    page.fill("dialog [data-field=rpm]", "600");
    page.click("dialog .btn.primary");
    String key = page.inputValue("[data-secret=new-key]");
    assertTrue(key.startsWith("sb-") && key.length() > 40, key);
    screenshot(page, "admin-key-shown-once");
    page.click("[data-action=copy]");
    assertEquals(key, page.evaluate("() => navigator.clipboard.readText()"));
    page.click("dialog button:has-text('I have copied it')");
    page.waitForSelector("[data-key=browser-key]");
    assertFalse(pageHolds(page, key), "closed, the key is nowhere in the page");
    page.reload();
    page.waitForSelector("[data-key=browser-key]");
    assertFalse(pageHolds(page, key), "nor after a reload");
    JsonObject listed = new JsonArray(admin.get("/admin/keys", admin.loginAdmin()).body()).stream()
      .map(JsonObject.class::cast).filter(k -> k.getString("name").equals("browser-key")).findFirst().orElseThrow();
    assertTrue(page.textContent("[data-page=keys]").contains(listed.getString("displayPrefix")),
      "its display prefix shows");

    assertEquals(200, gw.post("/v1/chat/completions", key, chat(MODEL, false, null)).await().status());
  }

  @Test
  void theLanguageSwitchChangesEveryStringAndStays() {
    signInAdmin();
    open(page, "keys", "keys");
    page.click(".top [data-lang=zh]");
    page.waitForSelector("[data-nav=keys]:has-text('密钥')");
    assertEquals("zh-CN", page.evaluate("() => document.documentElement.lang"));
    String nav = page.textContent("nav");
    for (String english : List.of("Dashboard", "Accounts", "Users", "Rules", "Audit", "Playground")) {
      assertFalse(nav.contains(english), english + " in " + nav);
    }
    assertTrue(nav.contains("仪表盘") && nav.contains("上游账号") && nav.contains("审计"), nav);
    assertTrue(page.textContent("[data-page=keys]").contains("新建密钥"));
    open(page, "dashboard", "dashboard");
    screenshot(page, "admin-dashboard-zh");
    page.reload();
    page.waitForSelector("[data-nav=dashboard]:has-text('仪表盘')");
    page.click(".top [data-lang=en]");
    page.waitForSelector("[data-nav=dashboard]:has-text('Dashboard')");
    assertEquals("en-US", page.evaluate("() => document.documentElement.lang"));
  }

  /** The key anywhere in the page: text, input values, storage. */
  private static boolean pageHolds(Page p, String secret) {
    return (Boolean) p.evaluate("s => document.documentElement.outerHTML.includes(s)"
      + " || [...document.querySelectorAll('input, textarea')].some(i => i.value.includes(s))"
      + " || JSON.stringify(sessionStorage).includes(s) || JSON.stringify(localStorage).includes(s)", secret);
  }
}
