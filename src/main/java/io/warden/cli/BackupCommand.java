package io.warden.cli;

import picocli.CommandLine.Command;

@Command(name = "backup", mixinStandardHelpOptions = true,
        description = "Back up a cluster's metadata to a file.",
        subcommands = {MetadataBackupCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {"  warden backup metadata -b kafka1:9092 --to metadata.json --connect-url http://connect1:8083"})
final class BackupCommand {
}
