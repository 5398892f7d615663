package io.warden.cli;

import picocli.CommandLine.Command;

@Command(name = "restore", mixinStandardHelpOptions = true,
        description = "Restore a cluster's metadata from a backup file.",
        subcommands = {MetadataRestoreCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {"  warden restore metadata metadata.json -b kafka2:9092             # the plan",
            "  warden restore metadata metadata.json -b kafka2:9092 --execute"})
final class RestoreCommand {
}
