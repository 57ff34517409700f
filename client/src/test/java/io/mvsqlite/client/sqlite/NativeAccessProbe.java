package io.mvsqlite.client.sqlite;

/** Run in a child JVM without {@code --enable-native-access} by {@link SqliteBindingTest}. */
public final class NativeAccessProbe {

  private NativeAccessProbe() {}

  public static void main(String[] args) {
    try {
      SqliteBinding.forSqliteJdbc(NativeAccessProbe.class.getClassLoader());
      System.out.println("BOUND");
    } catch (IllegalStateException e) {
      System.out.println("REFUSED: " + e.getMessage());
    }
  }
}
