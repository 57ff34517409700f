package io.mvsqlite.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Command-line options of the form {@code --name value}, parsed once and read with typed getters
 * that fall back to a default. Immutable.
 *
 * <p>Every failure is an {@link IllegalArgumentException} whose message names the option: an
 * unknown option, a missing value, a malformed value. Integers accept {@code _} separators ({@code
 * 1_000_000}).
 */
final class Options {

  private final Map<String, String> values;

  private Options(Map<String, String> values) {
    this.values = values;
  }

  /**
   * Parses {@code args} as {@code --name value} pairs; every name must be in {@code known}.
   *
   * @throws IllegalArgumentException for an unknown option, a missing value or an option given
   *     twice
   */
  static Options parse(String[] args, Set<String> known) {
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i += 2) {
      String option = args[i];
      if (!known.contains(option)) {
        throw new IllegalArgumentException("unknown option: " + option);
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("missing value for " + option);
      }
      if (values.put(option, args[i + 1]) != null) {
        throw new IllegalArgumentException(option + " is given twice");
      }
    }
    return new Options(values);
  }

  int integer(String option, int otherwise) {
    return get(option, otherwise, v -> Math.toIntExact(parseLong(option, v)));
  }

  long longValue(String option, long otherwise) {
    return get(option, otherwise, v -> parseLong(option, v));
  }

  double decimal(String option, double otherwise) {
    return get(
        option,
        otherwise,
        v -> {
          try {
            return Double.parseDouble(v);
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a number: " + v, e);
          }
        });
  }

  boolean bool(String option, boolean otherwise) {
    return get(
        option,
        otherwise,
        v ->
            switch (v) {
              case "true" -> true;
              case "false" -> false;
              default -> throw new IllegalArgumentException(option + " needs true or false: " + v);
            });
  }

  Duration millis(String option, Duration otherwise) {
    return get(option, otherwise, v -> Duration.ofMillis(parseLong(option, v)));
  }

  Duration seconds(String option, Duration otherwise) {
    return get(option, otherwise, v -> Duration.ofMillis(Math.round(decimal(option, 0) * 1000)));
  }

  String string(String option, String otherwise) {
    return get(option, otherwise, v -> v);
  }

  Path path(String option, Path otherwise) {
    return get(option, otherwise, Path::of);
  }

  List<Integer> integers(String option, List<Integer> otherwise) {
    return get(
        option,
        otherwise,
        v ->
            Arrays.stream(v.split(","))
                .map(x -> Math.toIntExact(parseLong(option, x.strip())))
                .toList());
  }

  /**
   * A comma-separated list of names, each mapped by {@code parse} (which throws for an unknown
   * name).
   */
  <T> List<T> list(String option, List<T> otherwise, Function<String, T> parse) {
    return get(
        option, otherwise, v -> Arrays.stream(v.split(",")).map(String::strip).map(parse).toList());
  }

  private <T> T get(String option, T otherwise, Function<String, T> parse) {
    String v = values.get(option);
    return v == null ? otherwise : parse.apply(v);
  }

  private static long parseLong(String option, String v) {
    try {
      return Long.parseLong(v.replace("_", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " needs an integer: " + v, e);
    }
  }
}
