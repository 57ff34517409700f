package io.mvsqlite.client.transport;

import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.MvException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Sends one {@link HttpCall} and returns the whole answer; every failure to get one is a retryable
 * {@link ErrorCode#NETWORK} naming the request. Two kinds:
 *
 * <ul>
 *   <li>{@link #HTTP1}: HTTP/1.1 with keep-alive on the calling thread, through {@link SocketHttp1}
 *       (why not the JDK's clients: there, and docs/client.md §1).
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

  /** HTTP/1.1 on the calling thread ({@link SocketHttp1}). */
  final class Http1Exchanger implements HttpExchanger {

    private final SocketHttp1 http = new SocketHttp1();

    private Http1Exchanger() {}

    @Override
    public HttpAnswer send(HttpCall call) {
      try {
        return http.send(call);
      } catch (SocketTimeoutException e) {
        throw timedOut(call, e);
      } catch (IOException e) {
        throw failed(call, e);
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
