package io.switchboard.admin;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Serves the admin console at {@code /}: the files of {@code webroot/} packaged in the jar, or those of
 * {@code admin.console.webroot} read from disk on every request (edit, reload, no rebuild), and uPlot from its
 * webjar at {@code /vendor/uplot/}. Every file goes out under a Content-Security-Policy that allows only this
 * origin's scripts and styles, none inline, so a string from the server can never run as code.
 */
final class ConsoleRoutes {
  /**
   * The console's files in the jar: a top-level directory of their own, as Vert.x serves a class-path file by first
   * copying every jar entry under its top directory to a cache on disk (under {@code io/} that was 8,000 files).
   */
  static final String PACKAGED = "switchboard-console";
  private static final String UPLOT = "/vendor/uplot/(?<file>[^/]+)";
  /** uPlot's files the console loads, by name, with their media types: read once from the webjar. */
  private static final Map<String, String> UPLOT_FILES = Map.of("uPlot.esm.js", "text/javascript; charset=utf-8",
    "uPlot.min.css", "text/css; charset=utf-8");
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

  /** Adds the console's routes to the admin router: every GET outside {@code /admin/}; uPlot's by {@code uplot}. */
  void mount(Router router, Handler<RoutingContext> uplot) {
    String files = "^/(?!admin/).*";
    router.routeWithRegex(HttpMethod.GET, files).handler(ConsoleRoutes::secured);
    router.routeWithRegex(HttpMethod.HEAD, files).handler(ConsoleRoutes::secured);
    router.routeWithRegex(HttpMethod.GET, UPLOT).handler(uplot);
    router.routeWithRegex(HttpMethod.HEAD, UPLOT).handler(uplot);
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

  /**
   * uPlot from its webjar, held in memory (under 150 KB), not through a static handler: that would copy out all of
   * the jar's {@code META-INF/} first. Reads the jar: call it on a worker thread.
   */
  static Handler<RoutingContext> uplotFiles() {
    String version = webjarVersion("uplot");
    String dist = "META-INF/resources/webjars/uplot/" + version + "/dist/";
    Map<String, Buffer> files = new HashMap<>();
    UPLOT_FILES.keySet().forEach(name -> files.put(name, Buffer.buffer(ClassPathFiles.read(dist + name))));
    return ctx -> {
      String name = ctx.pathParam("file");
      Buffer file = files.get(name);
      if (file == null) {
        ctx.next();
        return;
      }
      String etag = "\"uplot-" + version + "-" + name + "\""; // a webjar version's files never change
      ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "public, max-age=86400").putHeader(HttpHeaders.ETAG, etag)
        .putHeader(HttpHeaders.VARY, HttpHeaders.ACCEPT_ENCODING); // the admin port compresses
      if (etag.equals(ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH))) {
        ctx.response().setStatusCode(304).end();
        return;
      }
      ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, UPLOT_FILES.get(name));
      if (ctx.request().method() == HttpMethod.HEAD) {
        ctx.response().putHeader(HttpHeaders.CONTENT_LENGTH, Integer.toString(file.length())).end();
      } else {
        ctx.response().end(file);
      }
    };
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
