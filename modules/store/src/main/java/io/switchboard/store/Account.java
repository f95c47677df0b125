package io.switchboard.store;

import java.util.List;

/** An upstream account row; {@code credential} is the encrypted API key (decrypt with {@link CredentialCipher}). */
public record Account(long id, String name, String provider, String baseUrl, byte[] credential, List<String> models,
                      int priority, int weight, String status) {

  @Override
  public String toString() {
    return "Account[id=" + id + ", name=" + name + ", provider=" + provider + "]";
  }
}
