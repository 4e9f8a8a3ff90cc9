package dev.docket.cli;

import dev.docket.spi.support.Options;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d} or ISO {@code PT30S}: the
 * same forms as broker options ({@link Options#parseDuration}).
 */
final class Durations implements ITypeConverter<Duration> {

  @Override
  public Duration convert(String value) {
    try {
      return Options.parseDuration(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException("'" + value + "' " + e.getMessage());
    }
  }
}
