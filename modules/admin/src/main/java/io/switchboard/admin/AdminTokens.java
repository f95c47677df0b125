package io.switchboard.admin;

import io.switchboard.store.User;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Issues and checks the admin API's HS256 tokens. The signing secret is HMAC-SHA256(master key,
 * "switchboard-admin-jwt"), so every node agrees without another secret. Tokens carry the user id and the user's
 * token version; a refresh token has {@code typ=refresh} and is accepted only by the refresh route.
 */
final class AdminTokens {
  static final String ACCESS = "access";
  static final String REFRESH = "refresh";
  private final JWTAuth jwt;
  private final long accessSeconds;
  private final long refreshSeconds;

  /** Who a valid token names: the user id, the token version it was issued under and its type. */
  record Claims(long userId, int tokenVersion, String type) {
  }

  AdminTokens(Vertx vertx, byte[] masterKey, long accessSeconds, long refreshSeconds) {
    this.jwt = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256")
      .setBuffer(signingSecret(masterKey))));
    this.accessSeconds = accessSeconds;
    this.refreshSeconds = refreshSeconds;
  }

  JsonObject issue(User user) {
    JsonObject claims = new JsonObject().put("sub", String.valueOf(user.id())).put("ver", user.tokenVersion());
    String access = jwt.generateToken(claims.copy().put("typ", ACCESS),
      new JWTOptions().setAlgorithm("HS256").setExpiresInSeconds((int) accessSeconds));
    String refresh = jwt.generateToken(claims.copy().put("typ", REFRESH),
      new JWTOptions().setAlgorithm("HS256").setExpiresInSeconds((int) refreshSeconds));
    return new JsonObject().put("accessToken", access).put("refreshToken", refresh).put("tokenType", "Bearer")
      .put("expiresIn", accessSeconds);
  }

  /** The claims of a valid, unexpired token; fails (401) on anything else. */
  Future<Claims> verify(String token) {
    return jwt.authenticate(new TokenCredentials(token))
      .recover(failure -> Future.failedFuture(AdminError.unauthorized("invalid or expired token")))
      .map(user -> {
        JsonObject p = user.principal();
        try {
          return new Claims(Long.parseLong(p.getString("sub")), p.getInteger("ver"), p.getString("typ"));
        } catch (RuntimeException e) {
          throw AdminError.unauthorized("invalid or expired token");
        }
      });
  }

  private static String signingSecret(byte[] masterKey) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(masterKey, "HmacSHA256"));
      byte[] derived = mac.doFinal("switchboard-admin-jwt".getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(derived);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is missing from this JVM", e);
    }
  }
}
