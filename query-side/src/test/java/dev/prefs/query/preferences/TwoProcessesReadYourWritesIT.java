package dev.prefs.query.preferences;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.prefs.migrations.testing.TestDatabase;
import dev.prefs.query.HttpJson;
import dev.prefs.query.QuerySideApplication;
import dev.prefs.query.StoredEvents;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two query-side processes share the projections' work: a user's events are projected by whichever process holds
 * that user's segment. A read-your-writes read ({@code minVersion}) in the other process must still be answered as
 * soon as the row is committed, not at the consistency timeout.
 */
class TwoProcessesReadYourWritesIT {

    static final TestDatabase DB = TestDatabase.migrated("query_two_processes_ryw");

    private final List<ConfigurableApplicationContext> processes = new ArrayList<>();

    @AfterEach
    void close() {
        processes.forEach(ConfigurableApplicationContext::close);
    }

    @Test
    void aMinVersionReadIsAnsweredInEveryProcessWhicheverProjectedTheUser() {
        StoredEvents events = new StoredEvents(DB.dataSource(), 23);
        events.users("warm-", 1, 1);
        HttpJson a = new HttpJson(start());
        HttpJson b = new HttpJson(start());
        await().atMost(Duration.ofSeconds(60)).until(() -> a.get("/api/users/warm-0/preferences").statusCode() == 200
                                                           && b.get("/api/users/warm-0/preferences").statusCode() == 200);

        List<String> answers = new ArrayList<>();
        for (int round = 0; round < 10; round++) {
            List<String> users = IntStream.range(0, 4).mapToObj(i -> "ryw-" + answers.size() + "-" + i).toList();
            events.append(users.stream().map(events::create).toList());
            for (int i = 0; i < users.size(); i++) {
                String user = users.get(i);
                // The first read of half the users is in each process, so it waits for the row in whichever did
                // not project it.
                for (HttpJson http : i % 2 == 0 ? List.of(a, b) : List.of(b, a)) {
                    HttpResponse<String> read = http.get("/api/users/" + user + "/preferences?minVersion=1");
                    answers.add(user + " " + read.statusCode());
                }
            }
        }
        assertThat(answers).hasSize(80).allSatisfy(answer -> assertThat(answer).endsWith(" 200"));
    }

    private int start() {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(QuerySideApplication.class).run(
                "--server.port=0", "--spring.datasource.url=" + DB.url(),
                "--spring.datasource.username=" + DB.username(), "--spring.datasource.password=" + DB.password());
        processes.add(context);
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }
}
