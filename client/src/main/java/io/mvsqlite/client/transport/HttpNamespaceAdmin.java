package io.mvsqlite.client.transport;

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
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * The admin API of an mvstore server over HTTP (docs/http-api.md §3): create, fork, rename, delete,
 * list and stat namespaces, truncate history and collect unreferenced content, as the {@link
 * NamespaceAdmin} that the engine also implements in-process.
 *
 * <p><b>Errors</b> are mapped once, here: an answer with the {@code x-mvsqlite-error} header
 * becomes exactly that {@link ErrorCode}; one without it (the reference server) is mapped by its
 * status, read as the admin API uses it (404 a missing namespace, 422 an existing one, 409 a
 * namespace with forks, 401 a missing or wrong token). A refused connection or a timeout is {@link
 * ErrorCode#NETWORK}. The message names the server and carries its text.
 *
 * <p><b>Long tasks.</b> Truncation and content GC stream their progress (one cumulative count per
 * line, then {@code DONE}); every count is passed to the progress callback as it arrives. {@code
 * ERROR <message>} (the task failed after it started) becomes an {@link ErrorCode#INTERNAL} failure
 * with the server's message: the wire does not say which code it was. A stream that ends without
 * either is a retryable {@link ErrorCode#NETWORK} failure (both tasks are idempotent; running them
 * again is safe). The request timeout applies until the answer starts, not to the task.
 *
 * <p><b>Lists</b> carry no metadata on the wire: {@link #list} passes {@link NamespaceInfo}s whose
 * metadata is {@code null} ({@link #stat} has it).
 *
 * <p>Every call is a single attempt, like {@link HttpPageStore}. Thread-safe; the JDK client is
 * shared per process.
 */
public final class HttpNamespaceAdmin implements NamespaceAdmin {

  /** The request timeout when none is given. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  private static final int MAX_ERROR_TEXT = 500;

  private static final class Client {
    static final HttpClient HTTP =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .build();
  }

  private final URI base;
  private final String token;
  private final Duration timeout;

  /**
   * @param base the admin API's base URL ({@code http://127.0.0.1:7001}); a trailing slash is
   *     ignored
   * @param token the bearer token the server requires ({@code --admin-token}), or {@code null}
   * @param timeout how long to wait for an answer to start
   */
  public HttpNamespaceAdmin(URI base, String token, Duration timeout) {
    Objects.requireNonNull(base, "base");
    String scheme = base.getScheme() == null ? "" : base.getScheme();
    if (!(scheme.equals("http") || scheme.equals("https")) || base.getHost() == null) {
      throw new MvException(
          ErrorCode.CLIENT_CONFIG,
          "the admin API URL must be http://HOST:PORT, got '" + base + "'");
    }
    this.base = URI.create(base.toString().replaceAll("/+$", ""));
    this.token = token == null || token.isEmpty() ? null : token;
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  /** The admin API this client talks to. */
  public URI baseUrl() {
    return base;
  }

  @Override
  public void create(String key, NamespaceMetadata.OverlayBase overlayBase) {
    expect(post("/api/create_namespace", new JsonBodies.CreateNamespaceRequest(key, overlayBase)));
  }

  @Override
  public void fork(String baseKey, Version version, String newKey) {
    expect(
        post("/api/fork_namespace", new JsonBodies.ForkNamespaceRequest(baseKey, version, newKey)));
  }

  @Override
  public void rename(String oldKey, String newKey) {
    expect(post("/api/rename_namespace", new JsonBodies.RenameNamespaceRequest(oldKey, newKey)));
  }

  @Override
  public void delete(String key) {
    expect(post("/api/delete_namespace", new JsonBodies.KeyRequest(key)));
  }

  @Override
  public void list(String prefix, Consumer<NamespaceInfo> sink) {
    String query =
        prefix == null || prefix.isEmpty()
            ? ""
            : "?prefix=" + URLEncoder.encode(prefix, StandardCharsets.UTF_8);
    HttpRequest.Builder b =
        HttpRequest.newBuilder(target("/api/list_namespace" + query)).timeout(timeout).GET();
    HttpResponse<InputStream> r = send(b);
    try (BufferedReader lines = reader(r)) {
      if (r.statusCode() != 200) {
        throw failure(r, lines);
      }
      String line;
      while ((line = lines.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        JsonBodies.ListEntry e =
            Json.read(line.getBytes(StandardCharsets.UTF_8), JsonBodies.ListEntry.class);
        sink.accept(new NamespaceInfo(e.nskey(), e.nsid(), null));
      }
    } catch (IOException e) {
      throw new MvException(
          ErrorCode.NETWORK, "the namespace list from " + base + " was cut off: " + e, e);
    }
  }

  @Override
  public NamespaceInfo stat(String key) {
    HttpResponse<InputStream> r = post("/api/stat_namespace", new JsonBodies.KeyRequest(key));
    try (BufferedReader body = reader(r)) {
      if (r.statusCode() != 200) {
        throw failure(r, body);
      }
      JsonBodies.StatNamespaceResponse s =
          Json.read(
              body.readAllAsString().getBytes(StandardCharsets.UTF_8),
              JsonBodies.StatNamespaceResponse.class);
      return new NamespaceInfo(
          s.nskey(), s.nsid(), s.metadata() == null ? NamespaceMetadata.EMPTY : s.metadata());
    } catch (IOException e) {
      throw new MvException(
          ErrorCode.NETWORK, "the answer of " + base + "/api/stat_namespace was cut off", e);
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

  // ---------------------------------------------------------------- plumbing

  /**
   * Runs a progress-streaming task; returns the last count before {@code DONE} (0 if none was
   * reported).
   */
  private long task(String path, Object body, LongConsumer progress) {
    HttpResponse<InputStream> r = post(path, body);
    try (BufferedReader lines = reader(r)) {
      if (r.statusCode() != 200) {
        throw failure(r, lines);
      }
      long count = 0;
      String line;
      while ((line = lines.readLine()) != null) {
        String text = line.strip();
        if (text.equals("DONE")) {
          return count;
        }
        if (text.startsWith("ERROR")) {
          throw new MvException(
              ErrorCode.INTERNAL,
              path + " failed on the server after it started: " + text.substring(5).strip());
        }
        try {
          count = Long.parseLong(text);
        } catch (NumberFormatException e) {
          throw new MvException(
              ErrorCode.MALFORMED_REQUEST,
              "unexpected progress line from "
                  + base
                  + path
                  + ": '"
                  + abbreviate(text)
                  + "' (is this an mvstore admin API?)");
        }
        progress.accept(count);
      }
      throw new MvException(
          ErrorCode.NETWORK,
          "the progress of "
              + base
              + path
              + " ended before DONE (the task"
              + " may have stopped; running it again is safe)");
    } catch (IOException e) {
      throw new MvException(
          ErrorCode.NETWORK,
          "the progress of "
              + base
              + path
              + " was cut off: "
              + e
              + " (running the task again is safe)",
          e);
    }
  }

  private HttpResponse<InputStream> post(String path, Object body) {
    return send(
        HttpRequest.newBuilder(target(path))
            .timeout(timeout)
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(Json.write(body))));
  }

  /** Accepts any 2xx answer (the reference answers 201 to creations, 200 to the rest). */
  private void expect(HttpResponse<InputStream> r) {
    try (BufferedReader body = reader(r)) {
      if (r.statusCode() / 100 != 2) {
        throw failure(r, body);
      }
      body.readAllAsString();
    } catch (IOException e) {
      throw new MvException(ErrorCode.NETWORK, "the answer of " + r.uri() + " was cut off", e);
    }
  }

  private URI target(String pathAndQuery) {
    return URI.create(base + pathAndQuery);
  }

  private HttpResponse<InputStream> send(HttpRequest.Builder b) {
    if (token != null) {
      b.header("authorization", "Bearer " + token);
    }
    HttpRequest request = b.build();
    try {
      return Client.HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpTimeoutException e) {
      throw new MvException(
          ErrorCode.NETWORK,
          "the mvstore admin API at "
              + base
              + " did not answer "
              + request.uri().getPath()
              + " within "
              + timeout.toMillis()
              + " ms",
          e);
    } catch (IOException e) {
      throw new MvException(
          ErrorCode.NETWORK,
          "cannot reach the mvstore admin API at " + base + ": " + describe(e),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MvException(ErrorCode.NETWORK, "interrupted while calling " + request.uri(), e);
    }
  }

  private static BufferedReader reader(HttpResponse<InputStream> r) {
    return new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8));
  }

  /**
   * The exception for an error answer: the header's code, else the admin API's meaning of the
   * status.
   */
  private MvException failure(HttpResponse<InputStream> r, BufferedReader body) {
    ErrorCode code =
        ErrorCode.fromHeader(r.headers().firstValue(HttpPageStore.ERROR_HEADER).orElse(null));
    if (code == null) {
      code =
          switch (r.statusCode()) {
            case 401 -> ErrorCode.UNAUTHORIZED;
            case 404 -> ErrorCode.NAMESPACE_NOT_FOUND;
            case 409 -> ErrorCode.NAMESPACE_HAS_CHILDREN;
            case 422 -> ErrorCode.NAMESPACE_EXISTS;
            default -> ErrorCode.fromHttpStatus(r.statusCode());
          };
    }
    String text;
    try {
      text = body.readAllAsString().strip();
    } catch (IOException e) {
      text = "";
    }
    return new MvException(
        code,
        "mvstore admin API "
            + base
            + " answered "
            + r.statusCode()
            + " to "
            + r.uri().getPath()
            + (text.isEmpty() ? "" : ": " + abbreviate(text)));
  }

  private static String abbreviate(String s) {
    return s.length() > MAX_ERROR_TEXT ? s.substring(0, MAX_ERROR_TEXT) + "…" : s;
  }

  private static String describe(IOException e) {
    String m = e.getMessage();
    if (m == null && e.getCause() != null) {
      m = e.getCause().toString();
    }
    return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }

  @Override
  public String toString() {
    return "HttpNamespaceAdmin[" + base + "]";
  }
}
