package io.warden.cli;

import picocli.CommandLine.Command;

/** {@code warden diagnose ...}: runbooks that gather evidence and say what to do. */
@Command(name = "diagnose", mixinStandardHelpOptions = true,
        description = "Walk a runbook with evidence and print a recommended remediation.",
        subcommands = {DiagnoseLagCommand.class})
final class DiagnoseCommand {
}
