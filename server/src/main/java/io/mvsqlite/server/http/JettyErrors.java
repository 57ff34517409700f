package io.mvsqlite.server.http;

import io.mvsqlite.protocol.ErrorCode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The answers Jetty itself sends, before any endpoint runs (an unparsable request line, headers
 * over 8 KiB, broken chunking, a request arriving while the server stops): the same short text body
 * and {@value ErrorReplies#ERROR_HEADER} header as {@link ErrorReplies}, instead of Jetty's HTML
 * page. Jetty keeps choosing the status; this class only names it. Thread-safe: stateless.
 */
public final class JettyErrors extends ErrorHandler {

  @Override
  protected void generateResponse(
      Request request,
      Response response,
      int status,
      String message,
      Throwable cause,
      Callback callback) {
    ErrorCode code = codeOf(status);
    byte[] body = text(status, message).getBytes(StandardCharsets.UTF_8);
    response.getHeaders().put(ErrorReplies.ERROR_HEADER, code.name());
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
  }

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(ErrorReplies.ERROR_HEADER, codeOf(status).name());
    fields.put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
    return ByteBuffer.wrap(text(status, reason).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The code for a status Jetty chose: 4xx are malformed requests (final), 503 a stop in progress
   * (retry).
   */
  static ErrorCode codeOf(int status) {
    return switch (status) {
      case 413 -> ErrorCode.BODY_TOO_LARGE;
      case 404 -> ErrorCode.NOT_FOUND;
      case 503 -> ErrorCode.TRANSIENT;
      default -> status >= 500 ? ErrorCode.INTERNAL : ErrorCode.MALFORMED_REQUEST;
    };
  }

  private static String text(int status, String message) {
    return (message == null || message.isBlank() ? "HTTP " + status : message) + "\n";
  }
}
