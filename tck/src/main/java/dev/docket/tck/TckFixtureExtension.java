package dev.docket.tck;

import java.util.List;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Hands every contract the {@link TckFixture} of the outermost {@link TckSuite} around it, so a
 * nested group passes nothing down: JUnit knows the enclosing test instances of a nested test,
 * outermost first, and the first one that is a suite names the fixture.
 */
final class TckFixtureExtension implements ParameterResolver {

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == TckFixture.class;
  }

  @Override
  public TckFixture resolveParameter(ParameterContext parameter, ExtensionContext context) {
    List<Object> instances = context.getRequiredTestInstances().getAllInstances();
    for (Object instance : instances) {
      if (instance instanceof TckSuite suite) {
        TckFixture fixture = suite.fixture();
        if (fixture == null) {
          throw new ParameterResolutionException(instance.getClass().getName()
              + ".fixture() returned null; it must return the module's TckFixture");
        }
        return fixture;
      }
    }
    throw new ParameterResolutionException(context.getRequiredTestClass().getName()
        + " runs TCK contracts but neither it nor a class it is nested in implements TckSuite:"
        + " extend DocketTck (every kit) or one kit, or implement TckSuite, and return the"
        + " module's TckFixture from fixture()");
  }
}
