package io.mvsqlite.client.jdbc;

import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Time travel through the driver over HTTP (the test mvstore records a time point every 200 ms).
 */
class HttpTimeTravelTest extends TimeTravelContract {

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
  String timekeeperOptions() {
    return "";
  }
}
