package io.mvsqlite.client.transport;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One HTTP request of the data plane: method, target, headers, body ({@code null}: none) and the
 * time it may take. Built by {@link HttpPageStore}, sent by an {@link HttpExchanger}.
 */
final class HttpCall {

  final String method;
  final URI uri;
  final Map<String, String> headers = new LinkedHashMap<>();
  final byte[] body;
  Duration timeout;

  private HttpCall(String method, URI uri, byte[] body, Duration timeout) {
    this.method = method;
    this.uri = uri;
    this.body = body;
    this.timeout = timeout;
  }

  static HttpCall get(URI uri, Duration timeout) {
    return new HttpCall("GET", uri, null, timeout);
  }

  static HttpCall post(URI uri, byte[] body, Duration timeout) {
    return new HttpCall("POST", uri, body, timeout);
  }

  HttpCall header(String name, String value) {
    headers.put(name, value);
    return this;
  }

  HttpCall timeout(Duration value) {
    this.timeout = value;
    return this;
  }
}
