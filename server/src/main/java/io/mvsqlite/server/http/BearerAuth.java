package io.mvsqlite.server.http;

import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.MvException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The admin API's access check: every request must carry {@code Authorization: Bearer <token>};
 * anything else is {@code 401 UNAUTHORIZED} with {@code WWW-Authenticate: Bearer}. The comparison
 * runs in constant time over SHA-256 digests of both tokens, so neither the content nor the length
 * of the token leaks through timing.
 *
 * <p>Thread-safe: immutable.
 */
public final class BearerAuth implements Router.Guard {

  private static final String PREFIX = "Bearer ";

  private final byte[] expectedDigest;

  public BearerAuth(String token) {
    if (token == null || token.isEmpty()) {
      throw new IllegalArgumentException("a bearer token must not be empty");
    }
    this.expectedDigest = sha256(token);
  }

  @Override
  public void check(Exchange x) {
    String header = x.header("Authorization");
    boolean ok =
        header != null
            && header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())
            && MessageDigest.isEqual(
                expectedDigest, sha256(header.substring(PREFIX.length()).trim()));
    if (!ok) {
      x.responseHeader("WWW-Authenticate", "Bearer realm=\"mvstore admin\"");
      // The request body is not read, so Jetty may close the connection after answering; saying so
      // keeps a client from sending its next request on a connection that is about to close.
      x.responseHeader("Connection", "close");
      throw new MvException(
          ErrorCode.UNAUTHORIZED,
          "the admin API needs the header 'Authorization: Bearer <token>' with the server's --admin-token");
    }
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
