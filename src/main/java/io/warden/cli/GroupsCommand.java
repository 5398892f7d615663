package io.warden.cli;

import picocli.CommandLine.Command;

/** {@code warden groups ...}: the consumer-group runbooks of {@code kafka-consumer-groups}, with plans and undo. */
@Command(name = "groups", mixinStandardHelpOptions = true,
        description = {"Consumer groups: list, describe, reset offsets (with an undo file), export, import, delete.",
            "Commands that change offsets or groups print their plan and change nothing without --execute."},
        subcommands = {GroupsListCommand.class, GroupsDescribeCommand.class, GroupsResetCommand.class,
            GroupsExportCommand.class, GroupsImportCommand.class, GroupsDeleteCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {"  warden groups list -b localhost:9092",
            "  warden groups describe -b localhost:9092 billing",
            "  warden groups reset-offsets -b localhost:9092 -g billing -t orders \\",
            "      --to-datetime 2024-05-01T00:00:00Z",
            "  warden groups export -b localhost:9092 -g billing > billing.csv"})
final class GroupsCommand {
}
