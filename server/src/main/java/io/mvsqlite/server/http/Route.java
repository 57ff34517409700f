package io.mvsqlite.server.http;

/** A path and the endpoint that answers it. */
public record Route(String path, Endpoint endpoint) {

  public static Route of(String path, Endpoint endpoint) {
    return new Route(path, endpoint);
  }
}
