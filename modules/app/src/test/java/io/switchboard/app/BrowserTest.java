package io.switchboard.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import io.switchboard.testkit.TestStorage;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/**
 * Base of the console's browser tests: one gateway on test storage for the class, Debian's Chromium driven by
 * Playwright (never a downloaded browser), a fresh browser context per test, and every console error of a test
 * failing it. Without Chromium the tests are skipped with one loud line, except in CI (CI=true), where they fail.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BrowserTest {
  static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
  private static final List<String> CHROMIUMS = List.of("/usr/bin/chromium", "/usr/lib/chromium/chromium",
    "/usr/bin/chromium-browser", "/usr/bin/google-chrome");
  protected Vertx vertx;
  protected GatewayHarness gw;
  protected AdminClient admin;
  protected String base;
  private Playwright playwright;
  private Browser browser;
  protected BrowserContext context;
  protected Page page;
  private final List<String> consoleErrors = new ArrayList<>();
  private boolean failedRequestsExpected;

  @BeforeAll
  void startGatewayAndBrowser() throws Exception {
    Path chromium = chromium();
    TestStorage.clean();
    vertx = Vertx.vertx();
    int adminPort = GatewayHarness.freePort();
    gw = GatewayHarness.start(vertx, new JsonObject().put("admin", AdminClient.section(adminPort)))
      .await(60, TimeUnit.SECONDS);
    admin = new AdminClient(vertx, adminPort);
    base = "http://127.0.0.1:" + adminPort + "/";
    playwright = Playwright.create(new Playwright.CreateOptions()
      .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(chromium)
      .setHeadless(true));
    Files.createDirectories(SCREENSHOTS);
  }

  /** Chromium's path (CHROMIUM_PATH, else where Debian puts it); absent: skip loudly, or fail in CI. */
  private static Path chromium() {
    String configured = System.getenv("CHROMIUM_PATH");
    Path found = Stream.concat(Stream.ofNullable(configured), CHROMIUMS.stream()).map(Path::of)
      .filter(Files::isExecutable).findFirst().orElse(null);
    if (found == null) {
      String message = "CONSOLE BROWSER TESTS SKIPPED: no Chromium found (apt-get install chromium, or set "
        + "CHROMIUM_PATH)";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new AssertionError("in CI Chromium must be installed: " + message);
      }
      System.err.println("\n*** " + message + " ***\n");
      Assumptions.abort(message);
    }
    return found;
  }

  @BeforeEach
  void openContext() {
    context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1400, 900).setLocale("en-US")
      .setTimezoneId("UTC"));
    context.setDefaultTimeout(15_000);
    page = newPage(context);
    failedRequestsExpected = false;
  }

  /** A page whose console errors, uncaught exceptions and CSP violations fail the test. */
  protected Page newPage(BrowserContext in) {
    Page p = in.newPage();
    p.onConsoleMessage(m -> {
      if ("error".equals(m.type())) {
        synchronized (consoleErrors) {
          consoleErrors.add(m.text());
        }
      }
    });
    p.onPageError(e -> {
      synchronized (consoleErrors) {
        consoleErrors.add("uncaught: " + e);
      }
    });
    return p;
  }

  /** The test makes the API refuse requests on purpose: Chromium logs each refused request as a console error. */
  protected void expectFailedRequests() {
    failedRequestsExpected = true;
  }

  @AfterEach
  void closeContext() {
    context.close();
    List<String> errors;
    synchronized (consoleErrors) {
      errors = new ArrayList<>(consoleErrors);
      consoleErrors.clear();
    }
    if (failedRequestsExpected) {
      errors.removeIf(e -> e.startsWith("Failed to load resource: the server responded with a status of 4"));
    }
    assertEquals(List.of(), errors, "console errors");
  }

  @AfterAll
  void stopAll() throws Exception {
    if (browser != null) {
      browser.close();
      playwright.close();
    }
    if (gw != null) {
      admin.close();
      gw.stop().await(30, TimeUnit.SECONDS);
      vertx.close().await(30, TimeUnit.SECONDS);
    }
  }

  /** Signs in through the sign-in page and waits for the dashboard. */
  protected void signIn(Page p, String username, String password) {
    p.navigate(base);
    p.fill("[data-page=login] input[name=username]", username);
    p.fill("[data-page=login] input[name=password]", password);
    p.click("[data-page=login] button[type=submit]");
    p.waitForSelector("[data-page=dashboard]");
  }

  protected void signInAdmin() {
    signIn(page, "admin", AdminClient.ADMIN_PASSWORD);
  }

  /** Opens a page of the console by its hash and waits until it has drawn. */
  protected void open(Page p, String hash, String pageName) {
    p.navigate(base + "#/" + hash);
    p.waitForSelector("[data-page=" + pageName + "]");
  }

  protected void screenshot(Page p, String name) {
    p.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")).setFullPage(true));
  }
}
