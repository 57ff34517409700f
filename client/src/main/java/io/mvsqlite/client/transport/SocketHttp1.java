package io.mvsqlite.client.transport;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A small blocking HTTP/1.1 client for the data plane: one exchange on the calling thread over a
 * pooled keep-alive socket with {@code TCP_NODELAY}, the request line, headers and body written in
 * one flush. It speaks exactly what mvstore needs: {@code GET} and {@code POST} with a byte-array
 * body, answers with {@code Content-Length}, {@code chunked} or close-delimited bodies, {@code
 * Connection: close}.
 *
 * <p>Why not the JDK's clients: {@code java.net.http.HttpClient} hands each exchange to its
 * selector thread and back (240-590 us for a {@code GET /stat} on loopback, against 137-144 us on a
 * socket), and {@code HttpURLConnection} sends a streamed POST's headers and body as two segments
 * without {@code TCP_NODELAY} (a commit took 4.4 ms instead of 1.5) or, buffered, may resend a POST
 * by itself.
 *
 * <p><b>No resending.</b> A request that fails, on a new or a pooled connection, fails with the
 * {@link IOException}: the caller's retry policy decides (commits carry an idempotency key and
 * disable the server's shortcut on retries). A pooled connection idle for longer than {@link
 * #MAX_IDLE_NANOS} is not used (the server closes idle ones after 5 minutes); one the server closed
 * earlier (a restart) costs one retried failure.
 *
 * <p>Timeouts: connecting, and every blocking read, may take at most the request's timeout. Thread
 * safe; connections are pooled per host and port, at most {@link #MAX_IDLE_PER_SERVER} idle ones.
 */
final class SocketHttp1 {

  static final long MAX_IDLE_NANOS = 60_000_000_000L;
  static final int MAX_IDLE_PER_SERVER = 32;
  private static final int MAX_HEADER_LINE = 16 * 1024;
  private static final int MAX_HEADERS = 100;

  private record Server(String host, int port) {}

  /** One keep-alive connection. */
  private static final class Connection {
    final Socket socket;
    final InputStream in;
    final OutputStream out;
    long idleSince;

    Connection(Socket socket) throws IOException {
      this.socket = socket;
      this.in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
      this.out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
    }

    void close() {
      try {
        socket.close();
      } catch (IOException ignored) {
        // Closing a connection that failed: nothing more to do.
      }
    }
  }

  private final Map<Server, ArrayDeque<Connection>> idle = new ConcurrentHashMap<>();

  /**
   * Sends {@code call} and reads its answer; connecting, and every blocking read, may take at most
   * the call's timeout.
   *
   * @throws java.net.SocketTimeoutException when connecting or a read takes longer
   * @throws IOException when the exchange fails
   */
  HttpAnswer send(HttpCall call) throws IOException {
    URI uri = call.uri;
    int timeoutMillis = (int) Math.clamp(call.timeout.toMillis(), 1, Integer.MAX_VALUE);
    Server server = new Server(uri.getHost(), uri.getPort() < 0 ? 80 : uri.getPort());
    Connection c = pooled(server);
    if (c == null) {
      c = connect(server, timeoutMillis);
    }
    boolean reusable = false;
    try {
      c.socket.setSoTimeout(timeoutMillis);
      writeRequest(c.out, uri, server, call.headers, call.body);
      HttpAnswer answer = readAnswer(c.in, call);
      reusable = !"close".equalsIgnoreCase(answer.header("connection"));
      return answer;
    } finally {
      if (reusable) {
        release(server, c);
      } else {
        c.close();
      }
    }
  }

  private Connection pooled(Server server) {
    ArrayDeque<Connection> q = idle.get(server);
    if (q == null) {
      return null;
    }
    long now = System.nanoTime();
    synchronized (q) {
      Connection c;
      while ((c = q.pollLast()) != null) {
        if (now - c.idleSince < MAX_IDLE_NANOS && !c.socket.isClosed()) {
          return c;
        }
        c.close();
      }
    }
    return null;
  }

  private void release(Server server, Connection c) {
    c.idleSince = System.nanoTime();
    ArrayDeque<Connection> q = idle.computeIfAbsent(server, s -> new ArrayDeque<>());
    synchronized (q) {
      if (q.size() < MAX_IDLE_PER_SERVER) {
        q.addLast(c);
        return;
      }
    }
    c.close();
  }

  private static Connection connect(Server server, int timeoutMillis) throws IOException {
    Socket socket = new Socket();
    try {
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress(server.host(), server.port()), timeoutMillis);
      return new Connection(socket);
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  private static void writeRequest(
      OutputStream out, URI uri, Server server, Map<String, String> headers, byte[] body)
      throws IOException {
    StringBuilder head = new StringBuilder(256);
    String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    head.append(body == null ? "GET " : "POST ")
        .append(target.isEmpty() ? "/" : target)
        .append(" HTTP/1.1\r\nHost: ")
        .append(server.host())
        .append(':')
        .append(server.port())
        .append("\r\n");
    if (body != null) {
      head.append("Content-Length: ").append(body.length).append("\r\n");
    }
    for (Map.Entry<String, String> h : headers.entrySet()) {
      String value = h.getValue();
      if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
        throw new IllegalArgumentException("header " + h.getKey() + " holds a line break");
      }
      head.append(h.getKey()).append(": ").append(value).append("\r\n");
    }
    head.append("\r\n");
    out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    if (body != null) {
      out.write(body);
    }
    out.flush();
  }

  private static HttpAnswer readAnswer(InputStream in, HttpCall call) throws IOException {
    String statusLine = readLine(in);
    // "HTTP/1.1 200 OK"
    if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
      throw new IOException("not an HTTP/1.1 answer: " + abbreviate(statusLine));
    }
    int status;
    try {
      status = Integer.parseInt(statusLine.substring(9, 12));
    } catch (NumberFormatException e) {
      throw new IOException("not an HTTP status: " + abbreviate(statusLine));
    }
    Map<String, String> headers = new HashMap<>();
    for (int n = 0; ; n++) {
      String line = readLine(in);
      if (line.isEmpty()) {
        break;
      }
      if (n >= MAX_HEADERS) {
        throw new IOException("more than " + MAX_HEADERS + " answer headers");
      }
      int colon = line.indexOf(':');
      if (colon > 0) {
        headers.putIfAbsent(
            line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
            line.substring(colon + 1).trim());
      }
    }
    byte[] body;
    String length = headers.get("content-length");
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      body = readChunked(in);
    } else if (length != null) {
      body = readExactly(in, parseLength(length));
    } else if (status == 204 || status == 304 || status / 100 == 1) {
      body = new byte[0];
    } else {
      body = in.readAllBytes();
      headers.put("connection", "close");
    }
    return new HttpAnswer(status, headers, body, call.method, call.uri.getPath());
  }

  private static byte[] readChunked(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while (true) {
      String sizeLine = readLine(in);
      int semicolon = sizeLine.indexOf(';');
      String hex = (semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).trim();
      int size;
      try {
        size = Integer.parseInt(hex, 16);
      } catch (NumberFormatException e) {
        throw new IOException("bad chunk size: " + abbreviate(sizeLine));
      }
      if (size < 0) {
        throw new IOException("bad chunk size: " + abbreviate(sizeLine));
      }
      if (size == 0) {
        while (!readLine(in).isEmpty()) {
          // Trailers: none expected, skipped.
        }
        return out.toByteArray();
      }
      out.write(readExactly(in, size));
      if (!readLine(in).isEmpty()) {
        throw new IOException("a chunk does not end with a line break");
      }
    }
  }

  private static int parseLength(String value) throws IOException {
    try {
      int n = Integer.parseInt(value.trim());
      if (n < 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IOException("bad Content-Length: " + abbreviate(value));
    }
  }

  private static byte[] readExactly(InputStream in, int n) throws IOException {
    byte[] b = in.readNBytes(n);
    if (b.length != n) {
      throw new EOFException("the answer ended after " + b.length + " of " + n + " bytes");
    }
    return b;
  }

  /** A line without its CR LF; a connection closed before a full line is an EOF. */
  private static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder(64);
    while (true) {
      int c = in.read();
      if (c < 0) {
        throw new EOFException("the connection closed before the answer was complete");
      }
      if (c == '\n') {
        int end = line.length();
        if (end > 0 && line.charAt(end - 1) == '\r') {
          line.setLength(end - 1);
        }
        return line.toString();
      }
      if (line.length() >= MAX_HEADER_LINE) {
        throw new IOException("an answer line longer than " + MAX_HEADER_LINE + " bytes");
      }
      line.append((char) c);
    }
  }

  private static String abbreviate(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "…" : s;
  }
}
