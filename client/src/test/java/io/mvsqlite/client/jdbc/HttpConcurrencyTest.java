package io.mvsqlite.client.jdbc;

import org.junit.jupiter.api.extension.RegisterExtension;

/** Concurrent writers through the driver over HTTP, against a real mvstore on a free port. */
class HttpConcurrencyTest extends ConcurrencyContract {

  @RegisterExtension static final HttpBackend http = new HttpBackend();

  @Override
  String backendOptions() {
    return http.options();
  }

  @Override
  String backendName() {
    return HttpBackend.NAME;
  }

  @Override
  int incrementsPerThread() {
    return 10;
  }

  @Override
  int transfersPerThread() {
    return 10;
  }
}
