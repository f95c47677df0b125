package io.switchboard.app;

import static io.switchboard.app.GatewayHarness.CLIENT_KEY;
import static io.switchboard.app.GatewayHarness.MODEL;
import static io.switchboard.app.GatewayHarness.chat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import io.switchboard.testkit.MockBehavior;
import io.switchboard.testkit.TestStorage;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The console's admin tasks in a real browser, through the real gateway and storage: an account created and tested
 * against the mock upstream, the price multiplier of two users set at once (and what one of them sees signed in),
 * a rule's validator error at its field and its dry-run table, and a playground stream that grows as it arrives.
 */
class ConsoleFlowsBrowserTest extends BrowserTest {
  private static final String UPSTREAM_SECRET = "upstream-secret-for-browser-7c1e";

  @Test
  void anAdapterIsDeployedScaledAndUndeployedFromTheDeploymentsPage() {
    signInAdmin();
    open(page, "deployments", "deployments");
    page.waitForSelector("[data-node=local]");
    page.click("[data-action=new-deployment]");
    page.selectOption("dialog [data-field=role]", "providers");
    page.selectOption("dialog [data-field=kind]", "anthropic");
    page.fill("dialog [data-field=instances]", "2");
    page.click("dialog .btn.primary");
    String token = admin.loginAdmin();
    JsonObject made = new JsonArray(admin.get("/admin/deployments", token).json().getJsonArray("items").stream()
      .filter(d -> "anthropic".equals(((JsonObject) d).getString("kind"))
        && 2 == ((JsonObject) d).getInteger("instances")).toList()).getJsonObject(0);
    String id = made.getString("id");
    page.waitForSelector("[data-instances='" + id + "']:text-is('2')");

    page.click("[data-actions='" + id + "'] [data-action=scale]");
    page.fill("dialog [data-field=instances]", "3");
    page.click("dialog .btn.primary");
    page.waitForSelector("[data-instances='" + id + "']:text-is('3')");
    screenshot(page, "admin-deployments-scaled");

    page.click("[data-actions='" + id + "'] [data-action=undeploy]");
    page.click("dialog .btn.danger");
    page.waitForSelector(".toast.good");
    assertTrue(admin.get("/admin/deployments", token).json().getJsonArray("items").stream()
      .map(JsonObject.class::cast).anyMatch(d -> id.equals(d.getString("id"))
        && !"running".equals(d.getString("state"))), "undeployed through the page");
    assertEquals(List.of("deployment.create", "deployment.scale", "deployment.delete"), auditActions(token, id));
  }

  private List<String> auditActions(String token, String id) {
    return admin.get("/admin/audit?target=deployment:" + id, token).json().getJsonArray("items").stream()
      .map(JsonObject.class::cast).sorted(java.util.Comparator.comparingLong(a -> a.getLong("id")))
      .map(a -> a.getString("action")).toList();
  }

  @Test
  void anAccountIsCreatedWithAWriteOnlyCredentialAndTestedAgainstTheMockUpstream() {
    signInAdmin();
    open(page, "accounts", "accounts");
    page.click("[data-action=new-account]");
    page.fill("dialog [data-field=name]", "browser-account");
    page.fill("dialog [data-field=apiKey]", UPSTREAM_SECRET);
    page.selectOption("dialog [data-field=provider]", "openai");
    page.fill("dialog [data-field=baseUrl]", gw.mock.baseUrl());
    page.fill("dialog [data-field=models]", "gpt-4o-mini, gpt-4o");
    page.click("dialog .btn.primary");
    page.waitForSelector("[data-page=accounts] a:text-is('browser-account')");
    assertFalse(page.content().contains(UPSTREAM_SECRET), "the credential is never shown back");

    gw.mock.reset();
    page.click("tr:has(a:text-is('browser-account')) [data-action=test]");
    page.waitForSelector("[data-test=browser-account]:has-text('status 200')");
    assertEquals("Bearer " + UPSTREAM_SECRET, gw.mock.received().get(0).headers().get("authorization"),
      "the test went to the mock with the new account's credential");
    screenshot(page, "admin-account-tested");

    page.click("[data-page=accounts] a:text-is('browser-account')");
    page.waitForSelector("[data-page=account-detail]");
    assertEquals("…" + UPSTREAM_SECRET.substring(UPSTREAM_SECRET.length() - 4),
      page.textContent("[data-masked=credential]"));
  }

  @Test
  void manyUpstreamKeysImportAsManyAccountsAndTheExportHoldsNoSecret() throws Exception {
    signInAdmin();
    open(page, "accounts", "accounts");
    page.click("[data-action=bulk-import]");
    page.fill("dialog [data-field=name]", "bulk");
    page.fill("dialog [data-secret=credentials]",
      "bulk-secret-aaaa-0001\nbulk-secret-bbbb-0002\nbulk-secret-aaaa-0001\n");
    page.fill("dialog [data-field=baseUrl]", gw.mock.baseUrl());
    page.fill("dialog [data-field=models]", MODEL);
    page.click("dialog .btn.primary");
    page.waitForSelector("dialog .results li:nth-child(3)");
    assertEquals(List.of("bulk-1 created", "bulk-2 created", "line 3: skipped, bulk-1 holds this key"),
      page.locator("dialog .results li").allTextContents(), "one call to the import route; the repeat skipped");
    screenshot(page, "admin-accounts-imported");
    page.click("dialog button:has-text('Close')");
    page.waitForSelector("[data-page=accounts] a:text-is('bulk-2')");

    Download export = page.waitForDownload(() -> page.click("[data-action=export]"));
    String exported = Files.readString(export.path());
    JsonArray accounts = new JsonArray(exported);
    List<String> names = new ArrayList<>();
    accounts.forEach(a -> names.add(((JsonObject) a).getString("name")));
    assertTrue(names.containsAll(List.of("mock", "bulk-1", "bulk-2")), names.toString());
    // the API's export: keys masked to their last four characters, with fingerprints; never a whole key
    assertFalse(exported.contains("bulk-secret") || exported.contains(GatewayHarness.UPSTREAM_KEY), exported);
    assertTrue(exported.contains("\"credential\": \"…0002\"") && exported.contains("\"fingerprint\""), exported);
    assertEquals(List.of("1"), TestStorage.query("select count(*) from audit_log where action = 'account.export'"));
  }

  @Test
  void anAdminSwitchesOnBodyCaptureForAKeyAndReadsARequestsBodies() throws Exception {
    signInAdmin();
    open(page, "keys", "keys");
    page.click("[data-capture=client] [data-action=capture]");
    page.waitForSelector("[data-capture=client]:has-text('captured')");
    String prompt = "a prompt to find again in the console";
    assertEquals(200, gw.post("/v1/chat/completions", CLIENT_KEY, "{\"model\":\"" + MODEL + "\",\"messages\":"
      + "[{\"role\":\"user\",\"content\":\"" + prompt + "\"}]}").await().status());
    TestStorage.awaitRows("select 1 from request_bodies", 1);

    open(page, "usage", "usage");
    page.click("[data-page=usage] tbody tr:first-child");
    page.waitForSelector("[data-bodies] pre:has-text('" + prompt + "')");
    screenshot(page, "admin-usage-bodies");
  }

  @Test
  void theMultiplierOfTwoUsersIsSetAtOnceAndOneOfThemSeesChargedCostsButNoMultiplier() throws Exception {
    String token = admin.loginAdmin();
    admin.createUser(token, "ivy", "ivy-password-1", "user");
    admin.createUser(token, "jon", "jon-password-1", "user");
    // 11 input tokens at 1000 a million and 3 output at 2000: a base cost of 0.017, charged 0.034 at ×2
    assertEquals(200, admin.call(HttpMethod.PUT, "/admin/prices/" + MODEL, token, new JsonObject()
      .put("inputMicros", 1_000_000_000L).put("outputMicros", 2_000_000_000L)).status());
    signInAdmin();
    open(page, "users", "users");
    page.check("[data-user=ivy]");
    page.check("[data-user=jon]");
    page.fill("[data-field=multiplierPpm]", "2");
    page.click("[data-action=set-multiplier]");
    page.waitForSelector("[data-page=users] tr:has([data-user=ivy]) td:has-text('×2')");
    JsonArray users = new JsonArray(admin.get("/admin/users", token).body());
    List<String> multipliers = new ArrayList<>();
    users.forEach(u -> multipliers.add(((JsonObject) u).getString("username") + "="
      + ((JsonObject) u).getLong("priceMultiplierPpm")));
    assertEquals(List.of("admin=1000000", "ivy=2000000", "jon=2000000"), multipliers.stream().sorted().toList());

    String ivyKey = admin.post("/admin/keys", admin.login("ivy", "ivy-password-1"),
      new JsonObject().put("name", "ivy-key")).json().getString("key");
    assertEquals(200, gw.post("/v1/chat/completions", ivyKey, chat(MODEL, false, null)).await().status());
    assertEquals(List.of("17000|34000"), TestStorage.awaitRows(
      "select base_cost_micros || '|' || charged_cost_micros from usage_log where key_id = (select id from api_keys"
      + " where name = 'ivy-key')", 1));

    BrowserContext ivyContext = context.browser().newContext(new Browser.NewContextOptions()
      .setViewportSize(1400, 900).setLocale("en-US").setTimezoneId("UTC"));
    try {
      Page ivy = newPage(ivyContext);
      List<Response> answers = new ArrayList<>();
      ivy.onResponse(r -> {
        if (r.url().contains("/admin/")) {
          answers.add(r);
        }
      });
      signIn(ivy, "ivy", "ivy-password-1");
      ivy.waitForSelector("[data-stat=cost]:has-text('$0.034')");
      for (String[] p : List.of(new String[] {"dashboard", "dashboard"}, new String[] {"keys", "keys"},
        new String[] {"usage", "usage"}, new String[] {"playground", "playground"}, new String[] {"profile", "profile"})) {
        open(ivy, p[0], p[1]);
        if (p[0].equals("usage")) {
          ivy.waitForSelector("[data-page=usage] td:has-text('$0.034')");
        }
        String text = ivy.textContent("body");
        assertFalse(text.contains("ultiplier") || text.contains("0.017") || text.contains("×2"), p[0] + ": " + text);
        screenshot(ivy, "user-" + p[0]);
      }
      String nav = ivy.textContent("nav");
      assertFalse(nav.contains("Accounts") || nav.contains("Users") || nav.contains("Audit"), nav);
      for (Response answer : answers) {
        String body = answer.text();
        assertFalse(body.contains("priceMultiplierPpm") || body.contains("baseCostMicros") || body.contains("jon")
          || body.contains("accountId"), "an answer to ivy held a multiplier, base cost, account or another user: "
          + answer.url() + " " + body);
      }
    } finally {
      ivyContext.close();
    }
  }

  @Test
  void aRuleShowsTheValidatorsErrorAtItsFieldAndDryRunsWithItsPerAccountTable() throws Exception {
    expectFailedRequests(); // the invalid rule is refused with a 400
    for (int i = 0; i < 2; i++) {
      assertEquals(200, gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, false, null)).await().status());
    }
    TestStorage.awaitRows("select 1 from outcome_log where status = 200", 2);
    signInAdmin();
    open(page, "rules/new", "rule-detail");
    page.fill("[data-field=name]", "browser-rule");
    page.selectOption("[data-field='condition.type']", "bodyMatches");
    page.fill("[data-field='condition.regex']", "(unclosed");
    page.click("[data-action=save-rule]");
    page.waitForSelector(".field.invalid:has([data-field='condition.regex'])");
    assertTrue(page.textContent(".field.invalid:has([data-field='condition.regex']) .error-text")
      .contains("Unclosed group"));
    assertTrue(page.inputValue("textarea[data-field=rule]").contains("\"regex\": \"(unclosed\""),
      "the JSON editor follows the form");

    page.selectOption("[data-field='condition.type']", "status");
    page.fill("[data-field='condition.equals']", "200");
    page.click("[data-action=dry-run]");
    page.waitForSelector("[data-dry-run=result] td a:text-is('mock')");
    assertEquals(TestStorage.query("select count(*) from outcome_log where status = 200 and account_id ="
      + " (select id from accounts where name = 'mock')"), List.of(page.textContent(
      "[data-dry-run=result] tr:has(td a:text-is('mock')) td:nth-child(2)").trim()), "its matches per account");
    assertTrue(page.textContent("[data-dry-run=summary]").contains("outcomes evaluated"));
    screenshot(page, "admin-rule-dry-run");
  }

  @Test
  void aPlaygroundStreamGrowsTokenByTokenBeforeItEnds() {
    gw.mock.respond(MockBehavior.ok().withChunks(24).withChunkDelayMs(40));
    try {
      signInAdmin();
      open(page, "playground", "playground");
      page.fill("[data-field=key]", CLIENT_KEY);
      // every length the answer had while it was still streaming
      page.evaluate("() => { window.seen = []; const a = document.querySelector('[data-answer]');"
        + " new MutationObserver(() => { if (a.dataset.state === 'streaming') window.seen.push(a.textContent.length); })"
        + ".observe(a, {childList: true, characterData: true, subtree: true}); }");
      page.click("[data-action=send]");
      page.waitForSelector("[data-answer][data-state=done]");
      List<?> seen = (List<?>) page.evaluate("() => [...new Set(window.seen.filter(n => n > 0))]");
      assertTrue(seen.size() >= 5, "the text grew in steps while streaming: " + seen);
      assertTrue(page.textContent("[data-answer]").split(" ").length >= 20, page.textContent("[data-answer]"));
      assertTrue(page.textContent("[data-raw=response]").contains("data: [DONE]"));
      assertTrue(page.textContent("[data-raw=request]").contains("/v1/chat/completions"));
      assertFalse(page.textContent("[data-raw=request]").contains(CLIENT_KEY), "the raw request masks the key");
      screenshot(page, "admin-playground-streamed");
    } finally {
      gw.mock.respond(MockBehavior.ok());
    }
  }
}
