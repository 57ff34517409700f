package io.mvsqlite.client.transport;

import java.util.Map;

/**
 * A complete HTTP answer: status, headers (names in lower case, first value of each) and body, with
 * the method and path of the request, for messages.
 */
record HttpAnswer(
    int statusCode, Map<String, String> headers, byte[] body, String method, String path) {

  /** The first value of header {@code name} (any case), or {@code null}. */
  String header(String name) {
    return headers.get(name.toLowerCase(java.util.Locale.ROOT));
  }
}
