package io.warden.cli;

import picocli.CommandLine.Command;

@Command(name = "dr", mixinStandardHelpOptions = true,
        description = {"Disaster recovery with MirrorMaker 2: replication health against the RPO,",
            "drills, parity of Schema Registry and Connect, failover and failback with exact",
            "offsets. The pair comes from a cluster's dr: section in --config or from",
            "--source-bootstrap-server and --target-bootstrap-server."},
        subcommands = {DrStatusCommand.class, DrDrillCommand.class, DrParityCommand.class, DrFailoverCommand.class,
            DrFailbackCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {"  warden dr status --source-bootstrap-server primary1:9092 \\",
            "      --target-bootstrap-server dr1:9092",
            "  warden dr status --config /etc/warden/warden.yaml -o json",
            "  warden dr drill --config /etc/warden/warden.yaml --all-groups --execute",
            "  warden dr failover --config /etc/warden/warden.yaml --group billing"})
final class DrCommand {
}
