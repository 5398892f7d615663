package io.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class NotifyCommandTest {

    @RegisterExtension
    static GreenMailExtension mail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @Test
    void sendsATestThroughEveryChannelAndReportsEach(@TempDir Path dir) throws Exception {
        HttpServer broken = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        broken.createContext("/", ex -> {
            ex.sendResponseHeaders(500, -1);
            ex.close();
        });
        broken.start();
        try {
            Path yaml = Files.writeString(dir.resolve("w.yaml"), """
                    cluster: {name: prod}
                    notifiers:
                      oncall: {type: email, host: 127.0.0.1, port: %d, starttls: false, from: w@example.com, to: [o@example.com]}
                      hook: {type: webhook, url: "http://127.0.0.1:%d/hook"}
                      journal: {type: log}
                    """.formatted(mail.getSmtp().getPort(), broken.getAddress().getPort()));

            Cli cli = Cli.run("notify", "test", "--config", yaml.toString());

            assertThat(cli.exitCode()).as(cli.err()).isEqualTo(2);
            assertThat(cli.out().lines().filter(l -> l.startsWith("oncall")).findFirst().orElseThrow()).contains("sent");
            assertThat(cli.out().lines().filter(l -> l.startsWith("journal")).findFirst().orElseThrow()).contains("sent");
            assertThat(cli.out().lines().filter(l -> l.startsWith("hook")).findFirst().orElseThrow()).contains("FAILED", "500");
            assertThat(mail.getReceivedMessages()).hasSize(1);
            assertThat(mail.getReceivedMessages()[0].getSubject()).contains("prod");
        } finally {
            broken.stop(0);
        }
    }
}
