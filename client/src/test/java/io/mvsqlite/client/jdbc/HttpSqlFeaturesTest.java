package io.mvsqlite.client.jdbc;

import org.junit.jupiter.api.extension.RegisterExtension;

/** SQLite's features through the driver over HTTP, against a real mvstore on a free port. */
class HttpSqlFeaturesTest extends SqlFeaturesContract {

  @RegisterExtension static final HttpBackend http = new HttpBackend();

  @Override
  String backendOptions() {
    return http.options();
  }

  @Override
  String backendName() {
    return HttpBackend.NAME;
  }
}
