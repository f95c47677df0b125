package io.switchboard.admin;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Properties;

/**
 * Serves the admin console at {@code /}: the files of {@code webroot/} packaged in the jar, or those of
 * {@code admin.console.webroot} read from disk on every request (edit, reload, no rebuild), and uPlot from its
 * webjar at {@code /vendor/uplot/}. Every file goes out under a Content-Security-Policy that allows only this
 * origin's scripts and styles, none inline, so a string from the server can never run as code.
 */
final class ConsoleRoutes {
  static final String PACKAGED = "io/switchboard/admin/console";
  static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
    + " connect-src 'self'; font-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self';"
    + " frame-ancestors 'none'";
  private final ConsoleSettings settings;

  ConsoleRoutes(ConsoleSettings settings) {
    this.settings = settings;
  }

  void register(Map<String, AdminOperation> ops) {
    ops.put("getConsoleSettings", call -> Answer.ok(settings.toJson()));
  }

  /** Adds the console's routes to the admin router: every GET outside {@code /admin/}. */
  void mount(Router router) {
    String files = "^/(?!admin/).*";
    router.routeWithRegex(HttpMethod.GET, files).handler(ConsoleRoutes::secured);
    router.routeWithRegex(HttpMethod.HEAD, files).handler(ConsoleRoutes::secured);
    router.route("/vendor/uplot/*").handler(StaticHandler.create(FileSystemAccess.RELATIVE,
      "META-INF/resources/webjars/uplot/" + webjarVersion("uplot") + "/dist").setMaxAgeSeconds(86_400));
    StaticHandler console = settings.webroot() == null
      ? StaticHandler.create(FileSystemAccess.RELATIVE, PACKAGED).setMaxAgeSeconds(0)
      : StaticHandler.create(FileSystemAccess.ROOT, settings.webroot().toString()).setCachingEnabled(false)
        .setFilesReadOnly(false);
    router.routeWithRegex(files).handler(console.setDefaultContentEncoding("UTF-8"));
  }

  private static void secured(RoutingContext ctx) {
    ctx.response().putHeader("content-security-policy", CSP).putHeader("x-content-type-options", "nosniff")
      .putHeader("referrer-policy", "no-referrer").putHeader("x-frame-options", "DENY");
    ctx.next();
  }

  /** The version of a webjar on the class path, from its Maven properties (the version is kept once, in the pom). */
  static String webjarVersion(String artifact) {
    String path = "META-INF/maven/org.webjars.npm/" + artifact + "/pom.properties";
    try (InputStream in = ConsoleRoutes.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("the " + artifact + " webjar is missing from the class path");
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version");
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + path, e);
    }
  }
}
