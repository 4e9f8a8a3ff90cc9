package dev.docket.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code docket --version}: the version of the jar this class was loaded from. */
final class Version implements IVersionProvider {

  @Override
  public String[] getVersion() {
    String v = DocketCli.class.getPackage().getImplementationVersion();
    return new String[] {"docket " + (v == null ? "(development build)" : v)};
  }
}
