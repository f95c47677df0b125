package io.switchboard.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testkit.TestStorage;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** What the admin port takes in before and after authentication: no files on disk, bounded names. */
class AdminHygieneTest extends AdminTest {
  /** Where Vert.x Web's body handler writes uploads unless told otherwise. */
  private static final Path UPLOADS = Path.of("file-uploads");

  private static long uploadedFiles() throws Exception {
    if (!Files.isDirectory(UPLOADS)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(UPLOADS)) {
      return files.count();
    }
  }

  @Test
  void aMultipartUploadIsNeverWrittenToDisk() throws Exception {
    long before = uploadedFiles();
    String boundary = "sb-upload-boundary";
    Buffer body = Buffer.buffer("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; "
        + "filename=\"fill.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n")
      .appendBuffer(Buffer.buffer(new byte[200_000])).appendString("\r\n--" + boundary + "--\r\n");

    for (String path : List.of("/admin/keys", "/admin/auth/login")) { // not signed in; a public operation too
      GatewayHarness.Reply reply = gw.exchange(new RequestOptions().setMethod(HttpMethod.POST).setPort(adminPort)
        .setURI(path).putHeader("content-type", "multipart/form-data; boundary=" + boundary), body).await();
      assertTrue(reply.status() == 401 || reply.status() == 400, path + " answered " + reply.status());
    }
    assertEquals(before, uploadedFiles(), "nothing was written under " + UPLOADS.toAbsolutePath());
  }

  @Test
  void aSignInWithAnOverlongUsernameIsRefusedBeforeItIsCountedOrAudited() throws Exception {
    String huge = "u".repeat(10_000);
    GatewayHarness.Reply reply = admin.post("/admin/auth/login", null, new JsonObject().put("username", huge)
      .put("password", "whatever-1"));
    assertEquals(400, reply.status(), reply.body().toString());
    assertEquals(List.of("0"), TestStorage.query("select count(*) from audit_log where length(actor_name) > 64"));
  }

  @Test
  void keyNamesAreUniquePerOwnerSoAConflictTellsNothingOfOtherUsersKeys() {
    String adminToken = admin.loginAdmin();
    admin.createUser(adminToken, "lena", "lena-password-1", "user");
    admin.createUser(adminToken, "mark", "mark-password-1", "user");
    String lena = admin.login("lena", "lena-password-1");
    String mark = admin.login("mark", "mark-password-1");
    assertEquals(201, admin.post("/admin/keys", lena, new JsonObject().put("name", "production")).status());

    GatewayHarness.Reply marks = admin.post("/admin/keys", mark, new JsonObject().put("name", "production"));
    assertEquals(201, marks.status(), "another user's key name is not taken for mark: " + marks.body());
    GatewayHarness.Reply again = admin.post("/admin/keys", mark, new JsonObject().put("name", "production"));
    assertEquals(409, again.status(), "his own is");
    GatewayHarness.Reply other = admin.post("/admin/keys", mark, new JsonObject().put("name", "staging"));
    GatewayHarness.Reply renamed = admin.call(HttpMethod.PATCH, "/admin/keys/" + other.json().getLong("id"), mark,
      new JsonObject().put("name", "production"));
    assertEquals(409, renamed.status(), "a rename into his own name conflicts too");
  }
}
