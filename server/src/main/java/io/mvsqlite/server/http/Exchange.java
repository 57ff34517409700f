package io.mvsqlite.server.http;

import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.Limits;
import io.mvsqlite.protocol.MvException;
import io.mvsqlite.protocol.wire.Json;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * One HTTP request and its answer, as an endpoint sees them: headers, query parameters and a
 * blocking body on the way in; exactly one answer (a whole body, or a stream) on the way out.
 *
 * <p>Every request body failure (the client closed the connection mid-body, broken chunking)
 * surfaces as {@link ErrorCode#MALFORMED_REQUEST}; every failure to write the answer (the client
 * went away) as {@link ClientGone}.
 *
 * <p>Not thread-safe: owned by the one (virtual) thread that handles the request.
 */
public final class Exchange {

  /** The client went away while the answer was written. Nothing to answer; not a server error. */
  public static final class ClientGone extends UncheckedIOException {
    ClientGone(IOException cause) {
      super("the client closed the connection", cause);
    }
  }

  private final Request request;
  private final Response response;
  private final Callback callback;
  private Fields query;
  private InputStream body;
  private OutputStream stream;
  private boolean completed;

  Exchange(Request request, Response response, Callback callback) {
    this.request = request;
    this.response = response;
    this.callback = callback;
  }

  public String path() {
    return request.getHttpURI().getPath();
  }

  /** A request header, or {@code null}. */
  public String header(String name) {
    return request.getHeaders().get(name);
  }

  /**
   * A query parameter, or {@code null}. Malformed query strings are {@link
   * ErrorCode#MALFORMED_REQUEST}.
   */
  public String query(String name) {
    if (query == null) {
      try {
        query = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
      } catch (RuntimeException e) {
        throw new MvException(ErrorCode.MALFORMED_REQUEST, "malformed query string", e);
      }
    }
    return query.getValue(name);
  }

  /**
   * The request body as a buffered, blocking stream whose read failures are {@link
   * ErrorCode#MALFORMED_REQUEST}.
   */
  public InputStream body() {
    if (body == null) {
      body = new BufferedInputStream(new RequestBody(Request.asInputStream(request)), 64 * 1024);
    }
    return body;
  }

  /**
   * Reads a JSON body of at most {@link Limits#MAX_JSON_BODY_BYTES} bytes, with or without a {@code
   * Content-Length} (chunked bodies are accepted), and decodes it.
   *
   * @throws MvException {@link ErrorCode#BODY_TOO_LARGE} past the limit; {@link
   *     ErrorCode#MALFORMED_REQUEST} for an empty or malformed body; {@link ErrorCode#BAD_VERSION}
   *     for a malformed version inside it
   */
  public <T> T jsonBody(Class<T> type) {
    long declared = request.getLength();
    if (declared > Limits.MAX_JSON_BODY_BYTES) {
      throw tooLarge();
    }
    byte[] bytes;
    try {
      bytes = body().readNBytes(Limits.MAX_JSON_BODY_BYTES + 1);
    } catch (IOException e) {
      throw new MvException(ErrorCode.MALFORMED_REQUEST, "the request body could not be read", e);
    }
    if (bytes.length > Limits.MAX_JSON_BODY_BYTES) {
      throw tooLarge();
    }
    return Json.read(bytes, type);
  }

  /** Sets a response header; call before answering. */
  public Exchange responseHeader(String name, String value) {
    response.getHeaders().put(name, value);
    return this;
  }

  /** Answers with a whole body. Completes the exchange. */
  public void send(int status, String contentType, byte[] bytes) {
    checkNotAnswered();
    response.setStatus(status);
    if (contentType != null) {
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
    }
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
    completed = true;
    response.write(true, ByteBuffer.wrap(bytes), callback);
  }

  public void sendEmpty(int status) {
    send(status, null, new byte[0]);
  }

  /**
   * Answers with a UTF-8 text body (the reference's admin answers end with a newline: the caller
   * includes it).
   */
  public void sendText(int status, String text) {
    send(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
  }

  public void sendJson(int status, Object value) {
    send(status, "application/json", Json.write(value));
  }

  /**
   * Starts a streamed answer: sends the status and headers now, then the caller writes the body to
   * the returned stream and calls {@link #finishStream()}. Writes that fail because the client left
   * throw {@link ClientGone}.
   */
  public OutputStream startStream(int status, String contentType) {
    checkNotAnswered();
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
    stream = new ResponseStream(Content.Sink.asOutputStream(response));
    try {
      stream.flush(); // commits the status line and headers before any (possibly slow) work starts
    } catch (IOException e) {
      throw new ClientGone(e);
    }
    return stream;
  }

  /** Ends a streamed answer normally. Completes the exchange. */
  public void finishStream() {
    try {
      stream.close();
    } catch (IOException e) {
      throw new ClientGone(e);
    }
    completed = true;
    callback.succeeded();
  }

  /** True once status and headers went out: an error can no longer change the status. */
  public boolean isCommitted() {
    return response.isCommitted();
  }

  /** True once the answer has been handed over completely (or the exchange aborted). */
  public boolean isCompleted() {
    return completed;
  }

  /** The status sent (or about to be sent). */
  public int status() {
    return response.getStatus();
  }

  /**
   * Aborts the exchange: the connection (or HTTP/2 stream) is reset, so the client sees an
   * incomplete answer rather than a clean end. Used when a streamed answer fails half-way.
   */
  void abort(Throwable cause) {
    if (!completed) {
      completed = true;
      callback.failed(cause);
    }
  }

  private void checkNotAnswered() {
    if (completed || stream != null) {
      throw new IllegalStateException("this request has already been answered");
    }
  }

  private static MvException tooLarge() {
    return new MvException(
        ErrorCode.BODY_TOO_LARGE,
        "a JSON body is at most " + Limits.MAX_JSON_BODY_BYTES + " bytes");
  }

  /** Turns read failures of the request body into {@link ErrorCode#MALFORMED_REQUEST}. */
  private static final class RequestBody extends FilterInputStream {
    RequestBody(InputStream in) {
      super(in);
    }

    @Override
    public int read() {
      try {
        return super.read();
      } catch (IOException e) {
        throw broken(e);
      }
    }

    @Override
    public int read(byte[] b, int off, int len) {
      try {
        return super.read(b, off, len);
      } catch (IOException e) {
        throw broken(e);
      }
    }

    private static MvException broken(IOException e) {
      return new MvException(
          ErrorCode.MALFORMED_REQUEST,
          "the request body ended early or could not be read: " + e.getMessage(),
          e);
    }
  }

  /** Turns write failures of the answer into {@link ClientGone}. */
  private static final class ResponseStream extends OutputStream {
    private final OutputStream out;

    ResponseStream(OutputStream out) {
      this.out = out;
    }

    @Override
    public void write(int b) {
      try {
        out.write(b);
      } catch (IOException e) {
        throw new ClientGone(e);
      }
    }

    @Override
    public void write(byte[] b, int off, int len) {
      try {
        out.write(b, off, len);
      } catch (IOException e) {
        throw new ClientGone(e);
      }
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }

    @Override
    public void close() throws IOException {
      out.close();
    }
  }
}
