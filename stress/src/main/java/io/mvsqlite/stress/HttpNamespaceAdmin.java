package io.mvsqlite.stress;

import io.mvsqlite.protocol.ErrorCode;
import io.mvsqlite.protocol.MvException;
import io.mvsqlite.protocol.NamespaceAdmin;
import io.mvsqlite.protocol.NamespaceInfo;
import io.mvsqlite.protocol.NamespaceMetadata;
import io.mvsqlite.protocol.Version;
import io.mvsqlite.protocol.wire.Json;
import io.mvsqlite.protocol.wire.JsonBodies;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * The admin API of an mvstore server over HTTP (docs/http-api.md §3), as a {@link NamespaceAdmin}.
 *
 * <p>Every call is a single attempt. Error answers become {@link MvException}s with the code of the
 * {@code x-mvsqlite-error} header (or, from a server that sends none, the code of the status); a
 * refused connection or a timeout is {@link ErrorCode#NETWORK}. The long tasks ({@link #truncate},
 * {@link #deleteUnreferencedContent}) read the progress stream line by line, report each count, and
 * end at {@code DONE}; an {@code ERROR} line (the task failed after it started) is {@link
 * ErrorCode#TRANSIENT}, a stream that ends without either is {@link ErrorCode#NETWORK}. {@link
 * #list} reports namespaces without metadata (the listing carries none).
 *
 * <p>Thread-safe.
 */
public final class HttpNamespaceAdmin implements NamespaceAdmin {

  private static final String ERROR_HEADER = "x-mvsqlite-error";

  /**
   * Truncation and GC of a large namespace take long; their progress lines keep the answer alive
   * meanwhile.
   */
  private static final Duration TASK_TIMEOUT = Duration.ofMinutes(30);

  private final URI base;
  private final String token;
  private final Duration timeout;
  private final HttpClient http;

  /**
   * @param base the admin API's base URL, e.g. {@code http://127.0.0.1:7001}
   * @param token the bearer token ({@code --admin-token}), or {@code null}
   * @param timeout the timeout of a request that is not a long task
   */
  public HttpNamespaceAdmin(URI base, String token, Duration timeout) {
    this.base = base;
    this.token = token;
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  }

  @Override
  public void create(String key, NamespaceMetadata.OverlayBase overlayBase) {
    expectSuccess(
        post(
            "/api/create_namespace",
            new JsonBodies.CreateNamespaceRequest(key, overlayBase),
            timeout));
  }

  @Override
  public void fork(String baseKey, Version version, String newKey) {
    expectSuccess(
        post(
            "/api/fork_namespace",
            new JsonBodies.ForkNamespaceRequest(baseKey, version, newKey),
            timeout));
  }

  @Override
  public void rename(String oldKey, String newKey) {
    expectSuccess(
        post(
            "/api/rename_namespace",
            new JsonBodies.RenameNamespaceRequest(oldKey, newKey),
            timeout));
  }

  @Override
  public void delete(String key) {
    expectSuccess(post("/api/delete_namespace", new JsonBodies.KeyRequest(key), timeout));
  }

  @Override
  public void list(String prefix, Consumer<NamespaceInfo> sink) {
    String query =
        prefix == null || prefix.isEmpty()
            ? ""
            : "?prefix=" + URLEncoder.encode(prefix, StandardCharsets.UTF_8);
    HttpResponse<InputStream> r = send(request("/api/list_namespace" + query, timeout).GET());
    try (BufferedReader lines = reader(r)) {
      if (r.statusCode() != 200) {
        throw failure(
            r.statusCode(), r.headers().firstValue(ERROR_HEADER).orElse(null), readAll(lines));
      }
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (!line.isBlank()) {
          JsonBodies.ListEntry e =
              Json.read(line.getBytes(StandardCharsets.UTF_8), JsonBodies.ListEntry.class);
          sink.accept(new NamespaceInfo(e.nskey(), e.nsid(), null));
        }
      }
    } catch (IOException e) {
      throw network("/api/list_namespace", e);
    }
  }

  @Override
  public NamespaceInfo stat(String key) {
    HttpResponse<InputStream> r =
        post("/api/stat_namespace", new JsonBodies.KeyRequest(key), timeout);
    try (BufferedReader body = reader(r)) {
      String text = readAll(body);
      if (r.statusCode() != 200) {
        throw failure(r.statusCode(), r.headers().firstValue(ERROR_HEADER).orElse(null), text);
      }
      JsonBodies.StatNamespaceResponse s =
          Json.read(text.getBytes(StandardCharsets.UTF_8), JsonBodies.StatNamespaceResponse.class);
      return new NamespaceInfo(
          s.nskey(), s.nsid(), s.metadata() == null ? NamespaceMetadata.EMPTY : s.metadata());
    } catch (IOException e) {
      throw network("/api/stat_namespace", e);
    }
  }

  @Override
  public long truncate(String key, Version before, boolean apply, LongConsumer progress) {
    return task(
        "/api/truncate_namespace", new JsonBodies.TruncateRequest(key, before, apply), progress);
  }

  @Override
  public long deleteUnreferencedContent(String key, boolean apply, LongConsumer progress) {
    return task(
        "/api/delete_unreferenced_content", new JsonBodies.ContentGcRequest(key, apply), progress);
  }

  private long task(String path, Object body, LongConsumer progress) {
    HttpResponse<InputStream> r = post(path, body, TASK_TIMEOUT);
    try (BufferedReader lines = reader(r)) {
      if (r.statusCode() != 200) {
        throw failure(
            r.statusCode(), r.headers().firstValue(ERROR_HEADER).orElse(null), readAll(lines));
      }
      long count = 0;
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        line = line.strip();
        if (line.equals("DONE")) {
          return count;
        }
        if (line.startsWith("ERROR")) {
          throw new MvException(
              ErrorCode.TRANSIENT, path + " failed after it started: " + line.substring(5).strip());
        }
        if (!line.isEmpty()) {
          try {
            count = Long.parseLong(line);
          } catch (NumberFormatException e) {
            throw new MvException(
                ErrorCode.DATA_CORRUPT, path + " sent an unexpected progress line: " + line);
          }
          progress.accept(count);
        }
      }
      throw new MvException(
          ErrorCode.NETWORK, path + ": the progress stream ended without DONE or ERROR");
    } catch (IOException e) {
      throw network(path, e);
    }
  }

  private HttpRequest.Builder request(String path, Duration requestTimeout) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(requestTimeout);
    if (token != null) {
      b.header("authorization", "Bearer " + token);
    }
    return b;
  }

  private HttpResponse<InputStream> post(String path, Object body, Duration requestTimeout) {
    return send(
        request(path, requestTimeout)
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(Json.write(body))));
  }

  private HttpResponse<InputStream> send(HttpRequest.Builder b) {
    HttpRequest request = b.build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw network(request.uri().getPath(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MvException(
          ErrorCode.NETWORK, "interrupted during a request to " + request.uri(), e);
    }
  }

  private static void expectSuccess(HttpResponse<InputStream> r) {
    try (BufferedReader body = reader(r)) {
      String text = readAll(body);
      if (r.statusCode() / 100 != 2) {
        throw failure(r.statusCode(), r.headers().firstValue(ERROR_HEADER).orElse(null), text);
      }
    } catch (IOException e) {
      throw network(r.uri().getPath(), e);
    }
  }

  private static BufferedReader reader(HttpResponse<InputStream> r) {
    return new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8));
  }

  private static String readAll(BufferedReader r) throws IOException {
    StringBuilder sb = new StringBuilder();
    char[] buf = new char[1024];
    for (int n = r.read(buf); n >= 0 && sb.length() < 4096; n = r.read(buf)) {
      sb.append(buf, 0, n);
    }
    return sb.toString().strip();
  }

  private static MvException failure(int status, String header, String text) {
    ErrorCode code = ErrorCode.fromHeader(header);
    if (code == null) {
      code = ErrorCode.fromHttpStatus(status);
    }
    return new MvException(
        code, "the admin API answered " + status + (text.isEmpty() ? "" : ": " + text));
  }

  private static MvException network(String path, IOException e) {
    return new MvException(ErrorCode.NETWORK, "admin request " + path + " failed: " + e, e);
  }

  @Override
  public String toString() {
    return "HttpNamespaceAdmin[" + base + "]";
  }
}
