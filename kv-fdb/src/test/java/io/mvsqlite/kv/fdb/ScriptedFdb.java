package io.mvsqlite.kv.fdb;

import com.apple.foundationdb.Database;
import com.apple.foundationdb.KeyValue;
import com.apple.foundationdb.ReadTransaction;
import com.apple.foundationdb.Transaction;
import com.apple.foundationdb.TransactionOptions;
import com.apple.foundationdb.async.AsyncIterable;
import com.apple.foundationdb.async.AsyncIterator;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A scripted stand-in for the binding's {@code Database} and {@code Transaction}: it records every
 * call and answers with the results the test set. Used because {@code libfdb_c} is not installed on
 * the build machines, to test how {@link FdbKvTransaction} drives the binding (order of calls,
 * options, what is refused before the binding is called). What FoundationDB then does is tested by
 * the contract suite against a real cluster.
 */
final class ScriptedFdb {

  /** Every call, as {@code method} or {@code method:detail}, in order. */
  final List<String> calls = Collections.synchronizedList(new ArrayList<>());

  long committedVersion = 42_000_000L;
  long readVersion = 41_000_000L;
  byte[] versionstamp = {0, 0, 0, 0, 2, (byte) 0x80, (byte) 0xde, (byte) 0x80, 0, 3};
  RuntimeException commitFailure;
  RuntimeException readFailure;
  byte[] getResult;
  List<KeyValue> rangeResult = List.of();

  Database database() {
    return proxy(
        Database.class,
        (method, args) ->
            switch (method.getName()) {
              case "createTransaction" -> transaction();
              case "close" -> {
                calls.add("database.close");
                yield null;
              }
              default -> throw new UnsupportedOperationException(method.getName());
            });
  }

  FdbKvStore store() {
    return new FdbKvStore(FdbKvConfig.defaults(), database());
  }

  private Transaction transaction() {
    TransactionOptions options =
        new TransactionOptions((code, param) -> calls.add("option:" + code));
    ReadTransaction snapshot =
        proxy(ReadTransaction.class, (method, args) -> reads("snapshot.", method, args));
    return proxy(
        Transaction.class,
        (method, args) ->
            switch (method.getName()) {
              case "snapshot" -> snapshot;
              case "options" -> options;
              case "get", "getRange", "getReadVersion" -> reads("", method, args);
              case "getVersionstamp" -> {
                calls.add("getVersionstamp");
                yield CompletableFuture.completedFuture(versionstamp);
              }
              case "commit" -> {
                calls.add("commit");
                yield commitFailure == null
                    ? CompletableFuture.completedFuture(null)
                    : CompletableFuture.failedFuture(commitFailure);
              }
              case "getCommittedVersion" -> committedVersion;
              case "getApproximateSize" -> CompletableFuture.completedFuture(123L);
              case "mutate" -> {
                calls.add("mutate:" + args[0]);
                yield null;
              }
              case "set",
                  "clear",
                  "addReadConflictRange",
                  "addWriteConflictRange",
                  "setReadVersion",
                  "close" -> {
                calls.add(method.getName());
                yield null;
              }
              default -> throw new UnsupportedOperationException(method.getName());
            });
  }

  private Object reads(String prefix, Method method, Object[] args) {
    calls.add(
        prefix
            + method.getName()
            + (method.getName().equals("getRange")
                ? ":" + args[2] + ":" + args[3] + ":" + args[4]
                : ""));
    return switch (method.getName()) {
      case "get" -> result(getResult);
      case "getReadVersion" -> result(readVersion);
      case "getRange" -> rows(result(rangeResult));
      default -> throw new UnsupportedOperationException(method.getName());
    };
  }

  private <T> CompletableFuture<T> result(T value) {
    return readFailure == null
        ? CompletableFuture.completedFuture(value)
        : CompletableFuture.failedFuture(readFailure);
  }

  private static AsyncIterable<KeyValue> rows(CompletableFuture<List<KeyValue>> rows) {
    return new AsyncIterable<>() {
      @Override
      public AsyncIterator<KeyValue> iterator() {
        throw new UnsupportedOperationException("the backend collects ranges with asList()");
      }

      @Override
      public CompletableFuture<List<KeyValue>> asList() {
        return rows;
      }
    };
  }

  @FunctionalInterface
  private interface Handler {
    Object handle(Method method, Object[] args) throws Throwable;
  }

  private static <T> T proxy(Class<T> type, Handler handler) {
    return type.cast(
        Proxy.newProxyInstance(
            ScriptedFdb.class.getClassLoader(),
            new Class<?>[] {type},
            (p, method, args) ->
                switch (method.getName()) {
                  case "toString" -> "scripted " + type.getSimpleName();
                  case "hashCode" -> System.identityHashCode(p);
                  case "equals" -> p == args[0];
                  default -> handler.handle(method, args);
                }));
  }
}
