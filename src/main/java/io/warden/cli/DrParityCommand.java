package io.warden.cli;

import io.warden.WardenException;
import io.warden.connect.ConnectSettings;
import io.warden.dr.ParityReport;
import io.warden.dr.ParityService;
import io.warden.dr.ParityService.Endpoints;
import io.warden.kafka.RecordText;
import io.warden.schemaregistry.SchemaRegistrySettings;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "parity", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Whether the DR side's surroundings match the primary's: Schema Registry subjects (missing on DR,",
            "differing latest version, latest schema by fingerprint, compatibility) and Kafka Connect connectors",
            "(missing on DR, differing config keys; a secret's value is never shown, a changed one reads 'changed').",
            "The registries and Connect clusters come from the URL options or from the sides' schema-registry: and",
            "connect: sections of --config (their credentials too). Only reads.",
            "Exit code: 0 the same, 1 something differs, 3 something could not be compared, 64+ errors."},
        footerHeading = "%nExamples:%n",
        footer = {"  warden dr parity --source-schema-registry-url http://registry1:8081 \\",
            "      --target-schema-registry-url http://dr-registry1:8081 \\",
            "      --source-connect-url http://connect1:8083 --target-connect-url http://dr-connect1:8083",
            "  warden dr parity --config /etc/warden/warden.yaml -o json"})
final class DrParityCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DrOptions dr;

    @Option(names = "--source-schema-registry-url", paramLabel = "URL",
            description = "The primary's Schema Registry (Apicurio: http://HOST:PORT/apis/ccompat/v7); repeat for its instances.")
    List<String> sourceRegistry = List.of();

    @Option(names = "--target-schema-registry-url", paramLabel = "URL", description = "The DR side's Schema Registry.")
    List<String> targetRegistry = List.of();

    @Option(names = "--source-connect-url", paramLabel = "URL", description = "A worker of the primary's Connect cluster; repeatable.")
    List<String> sourceConnect = List.of();

    @Option(names = {"-o", "--output"}, defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE}).")
    Output output;

    @Override
    public Integer call() throws InterruptedException {
        Duration timeout = dr.timeout == null ? ConnectionOptions.DEFAULT_TIMEOUT : dr.timeout;
        boolean pairGiven = dr.config != null || dr.sourceBootstrap != null || dr.targetBootstrap != null;
        Endpoints base = pairGiven ? Endpoints.of(dr.pair()) : new Endpoints(null, null, null, null);
        List<String> targetConnect = dr.targetConnectUrls == null ? List.of() : dr.targetConnectUrls;
        Endpoints e = new Endpoints(
                sourceRegistry.isEmpty() ? base.sourceRegistry() : SchemaRegistrySettings.of(sourceRegistry, null, null, timeout),
                targetRegistry.isEmpty() ? base.targetRegistry() : SchemaRegistrySettings.of(targetRegistry, null, null, timeout),
                sourceConnect.isEmpty() ? base.sourceConnect() : ConnectSettings.of(sourceConnect, timeout),
                targetConnect.isEmpty() || pairGiven ? base.targetConnect() : ConnectSettings.of(targetConnect, timeout));
        if (!e.any()) {
            throw new WardenException(WardenException.USAGE, "nothing to compare: give --source-schema-registry-url and"
                    + " --target-schema-registry-url, or --source-connect-url and --target-connect-url, or --config whose"
                    + " cluster and dr.target name schema-registry: or connect:");
        }
        ParityReport report = new ParityService().compare(e);
        PrintWriter out = spec.commandLine().getOut();
        if (output == Output.json) {
            Output.printJson(out, report);
        } else {
            print(out, report);
        }
        return report.exitCode();
    }

    private static void print(PrintWriter out, ParityReport r) {
        out.println("Schema Registry: " + (r.subjects() == null ? "not compared" : r.subjects() + " subjects compared")
                + "; Connect: " + (r.connectors() == null ? "not compared" : r.connectors() + " connectors compared"));
        if (!r.differences().isEmpty()) {
            Table t = new Table("AREA", "NAME", "DIFFERENCE", "PRIMARY", "DR");
            r.differences().forEach(d -> t.row(d.area(), d.name(), d.what(), d.primary(), d.dr()));
            t.print(out, "");
        }
        r.unknown().forEach(u -> out.println("Not compared: " + RecordText.escape(u)));
        out.println("Parity: " + (!r.differences().isEmpty() ? r.differences().size() + " differences"
                : r.unknown().isEmpty() ? "the same" : "UNKNOWN"));
        out.flush();
    }
}
