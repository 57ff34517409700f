package io.mvsqlite.server;

import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.component.Graceful;

/**
 * A connector whose graceful shutdown refuses new connections at once but leaves the connections it
 * has alone until the requests in progress are done.
 *
 * <p>Jetty's own connector shortens every connection's idle timeout to {@link
 * #getShutdownIdleTimeout()} (1 s) as soon as the stop begins. An HTTP/2 connection whose one
 * stream waits on a slow handler (a large commit, say) is silent, so it expired and Jetty reset the
 * stream with {@code CANCEL}: the client lost a request that the graceful stop had promised to
 * finish. Here the shortening waits for {@code requests} (the server's {@link
 * org.eclipse.jetty.server.handler.GracefulHandler}) to drain, and only then lets idle connections
 * (HTTP/2 clients that keep theirs open after {@code GOAWAY}) close quickly.
 */
final class DrainingConnector extends ServerConnector {

  private final Graceful requests;

  DrainingConnector(Server server, Graceful requests, ConnectionFactory... factories) {
    super(server, factories);
    this.requests = requests;
  }

  @Override
  public CompletableFuture<Void> shutdown() {
    close(); // refuse new connections now; the ones in use stay open
    return requests.shutdown().thenCompose(drained -> super.shutdown());
  }
}
