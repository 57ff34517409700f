package io.mvsqlite.client.transport;

import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.MvException;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Sends one {@link HttpCall} and returns the whole answer; every failure to get one is a retryable
 * {@link ErrorCode#NETWORK} naming the request. Two kinds:
 *
 * <ul>
 *   <li>{@link #HTTP1}: HTTP/1.1 with keep-alive. Requests without a body (the {@code GET /stat}
 *       that starts every transaction, {@code /time2version}) go through {@link HttpURLConnection},
 *       which does the exchange on the calling thread: the JDK's {@link HttpClient} hands every
 *       exchange to its selector thread and back, and on loopback a {@code GET /stat} took 240-590
 *       us through it and 140-170 us here (docs/client.md §1). Requests with a body stay with the
 *       {@link HttpClient}: {@link HttpURLConnection} sends the headers and the body of a streamed
 *       POST as two segments without {@code TCP_NODELAY}, and a commit took 4.4 ms instead of 1.5
 *       ms (the benchmark's autocommit inserts fell from 473/s to 180/s); buffering the body
 *       instead would let it resend a POST by itself.
 *   <li>{@link #HTTP2}: HTTP/2 (negotiated by upgrade) through the JDK's {@link HttpClient}.
 * </ul>
 *
 * Thread-safe; both pool their connections JVM-wide.
 */
sealed interface HttpExchanger {

  HttpExchanger HTTP1 = new Http1Exchanger();
  HttpExchanger HTTP2 = new JdkClientExchanger(HttpClient.Version.HTTP_2);

  HttpAnswer send(HttpCall call);

  private static MvException timedOut(HttpCall call, Exception e) {
    return new MvException(
        ErrorCode.NETWORK,
        "request to "
            + call.uri
            + " timed out after "
            + call.timeout.toMillis()
            + " ms (setting httpTimeoutSecs)",
        e);
  }

  private static MvException failed(HttpCall call, IOException e) {
    String m = e.getMessage();
    if (m == null && e.getCause() != null) {
      m = e.getCause().toString();
    }
    return new MvException(
        ErrorCode.NETWORK,
        "request to "
            + call.uri
            + " failed: "
            + e.getClass().getSimpleName()
            + (m == null ? "" : ": " + m),
        e);
  }

  /** HTTP/1.1: requests without a body on the calling thread, the others through the client. */
  final class Http1Exchanger implements HttpExchanger {

    private final JdkClientExchanger withBodies =
        new JdkClientExchanger(HttpClient.Version.HTTP_1_1);

    private Http1Exchanger() {}

    @Override
    public HttpAnswer send(HttpCall call) {
      return call.body == null ? sendOnThisThread(call) : withBodies.send(call);
    }

    private static HttpAnswer sendOnThisThread(HttpCall call) {
      HttpURLConnection c = null;
      try {
        c = (HttpURLConnection) call.uri.toURL().openConnection();
        int millis = (int) Math.clamp(call.timeout.toMillis(), 1, Integer.MAX_VALUE);
        c.setConnectTimeout(millis);
        c.setReadTimeout(millis);
        c.setUseCaches(false);
        c.setInstanceFollowRedirects(false);
        c.setRequestMethod(call.method);
        call.headers.forEach(c::setRequestProperty);
        int status = c.getResponseCode();
        if (status < 0) {
          throw new IOException("not an HTTP answer");
        }
        Map<String, String> headers = new HashMap<>();
        for (Map.Entry<String, List<String>> h : c.getHeaderFields().entrySet()) {
          if (h.getKey() != null && !h.getValue().isEmpty()) {
            headers.putIfAbsent(h.getKey().toLowerCase(Locale.ROOT), h.getValue().getFirst());
          }
        }
        // Reading the body to its end returns the connection to the keep-alive pool.
        byte[] body;
        try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
          body = in == null ? new byte[0] : in.readAllBytes();
        }
        return new HttpAnswer(status, headers, body, call.method, call.uri.getPath());
      } catch (SocketTimeoutException e) {
        disconnect(c);
        throw timedOut(call, e);
      } catch (IOException e) {
        disconnect(c);
        throw failed(call, e);
      }
    }

    private static void disconnect(HttpURLConnection c) {
      if (c != null) {
        c.disconnect();
      }
    }
  }

  /** The JDK's asynchronous client. */
  final class JdkClientExchanger implements HttpExchanger {

    /*
     * The client's "asynchronous and dependent tasks" run inline, on the client's selector thread:
     * every call here is a blocking send() with byte-array bodies, so those tasks never block, and
     * handing each to another thread only added thread switches to every round trip.
     */
    private final HttpClient client;

    private JdkClientExchanger(HttpClient.Version version) {
      client =
          HttpClient.newBuilder()
              .version(version)
              .followRedirects(HttpClient.Redirect.NEVER)
              .executor(Runnable::run)
              .build();
    }

    @Override
    public HttpAnswer send(HttpCall call) {
      HttpRequest.Builder b = HttpRequest.newBuilder(call.uri).timeout(call.timeout);
      if (call.body == null) {
        b.GET();
      } else {
        b.POST(HttpRequest.BodyPublishers.ofByteArray(call.body));
      }
      call.headers.forEach(b::header);
      try {
        HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        Map<String, String> headers = new HashMap<>();
        r.headers()
            .map()
            .forEach(
                (name, values) -> {
                  if (!values.isEmpty()) {
                    headers.putIfAbsent(name.toLowerCase(Locale.ROOT), values.getFirst());
                  }
                });
        return new HttpAnswer(r.statusCode(), headers, r.body(), call.method, call.uri.getPath());
      } catch (HttpTimeoutException e) {
        throw timedOut(call, e);
      } catch (IOException e) {
        throw failed(call, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new MvException(ErrorCode.NETWORK, "interrupted during a request to " + call.uri, e);
      }
    }
  }
}
