package io.mvsqlite.server;

import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.MvException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * Where a listener binds: a host (name or literal) and a TCP port; port 0 asks the system for a
 * free port.
 *
 * <p>Accepted forms: {@code host:port}, {@code [ipv6]:port}, and a bare {@code port}, which binds
 * the loopback address {@code 127.0.0.1} (the safe choice: exposing a listener to the network is
 * always explicit).
 */
public record ListenAddress(String host, int port) {

  public ListenAddress {
    if (host == null || host.isEmpty()) {
      throw new MvException(ErrorCode.CLIENT_CONFIG, "a listen address needs a host");
    }
    if (port < 0 || port > 65_535) {
      throw new MvException(ErrorCode.CLIENT_CONFIG, "a port is between 0 and 65535, got " + port);
    }
  }

  /**
   * Parses {@code host:port}, {@code [ipv6]:port} or {@code port}.
   *
   * @throws MvException {@link ErrorCode#CLIENT_CONFIG} naming the expected forms
   */
  public static ListenAddress parse(String text) {
    if (text == null || text.isBlank()) {
      throw invalid(text);
    }
    String s = text.trim();
    String host;
    String port;
    if (s.startsWith("[")) {
      int close = s.indexOf(']');
      if (close < 0 || close + 1 >= s.length() || s.charAt(close + 1) != ':') {
        throw invalid(text);
      }
      host = s.substring(1, close);
      port = s.substring(close + 2);
    } else {
      int colon = s.lastIndexOf(':');
      if (colon < 0) {
        host = "127.0.0.1";
        port = s;
      } else if (s.indexOf(':') != colon) {
        throw invalid(text); // an IPv6 literal must be bracketed
      } else {
        host = s.substring(0, colon);
        port = s.substring(colon + 1);
      }
    }
    if (host.isEmpty()) {
      throw invalid(text);
    }
    try {
      return new ListenAddress(host, Integer.parseInt(port));
    } catch (NumberFormatException e) {
      throw invalid(text);
    }
  }

  /** The resolved socket address. */
  public InetSocketAddress toSocketAddress() {
    return new InetSocketAddress(resolve(), port);
  }

  /**
   * True if the address only accepts connections from this machine. The wildcard address ({@code
   * 0.0.0.0}, {@code ::}) is not loopback.
   */
  public boolean isLoopback() {
    return resolve().isLoopbackAddress();
  }

  private InetAddress resolve() {
    try {
      return InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      throw new MvException(
          ErrorCode.CLIENT_CONFIG, "cannot resolve listen host '" + host + "'", e);
    }
  }

  @Override
  public String toString() {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }

  private static MvException invalid(String text) {
    return new MvException(
        ErrorCode.CLIENT_CONFIG,
        "invalid listen address '"
            + text
            + "': expected HOST:PORT, [IPV6]:PORT or PORT (which binds 127.0.0.1)");
  }
}
