package io.mvsqlite.client.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Run in a child JVM by {@link EnvironmentTest}: connects to {@code args[0]} through the driver,
 * runs the statements {@code args[1..]} and prints {@code OK}, or {@code SQLSTATE=… MESSAGE=…} if
 * anything fails. Exits normally either way: an abort of the JVM is what the test looks for.
 */
public final class DriverProbe {

  private DriverProbe() {}

  public static void main(String[] args) {
    try (Connection c = DriverManager.getConnection(args[0]);
        Statement s = c.createStatement()) {
      for (int i = 1; i < args.length; i++) {
        s.execute(args[i]);
      }
      System.out.println("OK");
    } catch (SQLException e) {
      System.out.println("SQLSTATE=" + e.getSQLState() + " MESSAGE=" + e.getMessage());
    }
  }
}
