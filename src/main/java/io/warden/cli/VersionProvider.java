package io.warden.cli;

import picocli.CommandLine.IVersionProvider;

final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = Main.class.getPackage().getImplementationVersion();
        return new String[] {"warden " + (version == null ? "development build" : version)
                + " (Kafka client " + org.apache.kafka.common.utils.AppInfoParser.getVersion() + ")"};
    }
}
