package io.warden.cli;

import picocli.CommandLine.Command;

/** {@code warden audit ...}: reviews of a cluster against a policy, with a report to keep. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Review a cluster against a policy and write a dated report an auditor can read.",
        subcommands = {AuditComplianceCommand.class})
final class AuditCommand {
}
