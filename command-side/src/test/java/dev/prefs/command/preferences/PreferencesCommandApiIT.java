package dev.prefs.command.preferences;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prefs.command.CommandSideApplication;
import dev.prefs.migrations.testing.TestDatabase;
import dev.prefs.migrations.testing.TestDatabaseDataSource;
import dev.prefs.platform.problem.ProblemType;
import dev.prefs.platform.security.JwtTokens;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@SpringBootTest(classes = CommandSideApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestDatabaseDataSource
class PreferencesCommandApiIT {

    static final TestDatabase DB = TestDatabase.create("command_api");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PROBLEM_JSON = "application/problem+json";

    @LocalServerPort
    int port;

    private CommandClient client;
    private final StoredEvents events = new StoredEvents(DB);

    @BeforeEach
    void setUp() {
        client = new CommandClient(port);
    }

    // --- POST ---

    @Test
    void creatingAnswers201WithLocationEtagAndVersion() {
        HttpResponse<String> response = client.create("create-1", """
                {"theme": "light", "language": "pt-br", "notificationsEnabled": false}""");

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("Location")).hasValue("/api/users/create-1/preferences");
        assertThat(response.headers().firstValue("ETag")).hasValue("\"1\"");
        assertThat(json(response)).isEqualTo(JSON.readTree("{\"userId\": \"create-1\", \"version\": 1}"));
        assertThat(events.of("create-1")).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo("PreferencesCreatedEvent");
            assertThat(JSON.readTree(event.payload())).isEqualTo(JSON.readTree("""
                    {"userId": "create-1", "tenantId": null, "theme": "light", "language": "pt-BR",
                     "notifications": {"email": false, "push": false, "sms": false}}"""));
        });
    }

    @Test
    void creatingWithoutBodyStoresNoExplicitValue() {
        HttpResponse<String> response = client.create("create-2", null);

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(JSON.readTree(events.of("create-2").get(0).payload())).isEqualTo(JSON.readTree("""
                {"userId": "create-2", "tenantId": null, "theme": null, "language": null,
                 "notifications": {"email": null, "push": null, "sms": null}}"""));
    }

    @Test
    void creatingExistingPreferencesAnswers409AndAppendsNothing() {
        client.create("create-3", "{}");

        HttpResponse<String> response = client.create("create-3", "{\"theme\": \"light\"}");

        assertProblem(response, 409);
        assertThat(events.count("create-3")).isEqualTo(1);
    }

    @Test
    void creatingWithInvalidValuesAnswers400ListingEachFieldAndAppendsNothing() {
        HttpResponse<String> response = client.create("create-4", """
                {"theme": "blue", "language": "not a tag"}""");

        assertProblem(response, 400);
        assertThat(errorFields(response)).containsExactlyInAnyOrder("theme", "language");
        assertThat(events.count("create-4")).isZero();
    }

    @Test
    void wrongTypesAndUnknownFieldsAnswer400ListingEachField() {
        HttpResponse<String> response = client.create("create-5", """
                {"theme": 1, "notificationsEnabled": "yes", "colour": "red", "language": ["en"]}""");

        assertProblem(response, 400);
        assertThat(errorFields(response))
                .containsExactlyInAnyOrder("theme", "notificationsEnabled", "colour", "language");
        assertThat(events.count("create-5")).isZero();
    }

    @Test
    void anInvalidUserIdAnswers400() {
        assertProblem(client.create("bad%20id", "{}"), 400);
        assertProblem(client.patch("bad%20id", "{}"), 400);
        assertProblem(client.create("x".repeat(129), "{}"), 400);
        assertThat(errorFields(client.delete("bad%20id"))).containsExactly("userId");
    }

    /** The parser's position in words, never its internals (source descriptions, feature names, byte offsets). */
    @Test
    void malformedJsonSaysWhereInWords() {
        client.create("malformed-3", "{}");
        for (String body : List.of("{\"theme\": \"dark\"", "{\"theme\": \"dark", "{\"theme\":\n x}", "[",
                "{\"a\": [1, 2}")) {
            HttpResponse<String> response = client.patch("malformed-3", body);
            assertProblem(response, 400);
            assertThat(json(response).get("detail").stringValue()).as(body)
                    .containsPattern("at line \\d+, column \\d+")
                    .doesNotContain("Source").doesNotContain("REDACTED").doesNotContain("StreamReadFeature")
                    .doesNotContain("#UNKNOWN").doesNotContain("offset");
        }
        assertThat(events.count("malformed-3")).isEqualTo(1);
    }

    @Test
    void malformedJsonAnswers400() {
        assertProblem(client.create("malformed-1", "{\"theme\": "), 400);
        assertProblem(client.create("malformed-1", "[\"theme\"]"), 400);
        assertProblem(client.create("malformed-1", "{\"theme\": \"light\", \"theme\": \"dark\"}"), 400);
        assertProblem(client.create("malformed-1", "{} {}"), 400);
        client.create("malformed-2", "{}");
        assertProblem(client.patch("malformed-2", ""), 400);
        assertProblem(client.patch("malformed-2", "null"), 400);
        assertThat(events.count("malformed-1")).isZero();
        assertThat(events.count("malformed-2")).isEqualTo(1);
    }

    @Test
    void anUnsupportedMediaTypeAnswers415() {
        assertProblem(client.create("media-1", "{}", "Content-Type", "text/plain"), 415);
        client.create("media-2", "{}");
        assertProblem(client.patch("media-2", "{\"theme\": \"light\"}", "Content-Type", "application/xml"), 415);
        assertThat(events.count("media-1")).isZero();
        assertThat(events.count("media-2")).isEqualTo(1);
    }

    /** What {@code curl -d} sends: a JSON body labelled as a form. The answer says which types would do. */
    @Test
    void aJsonBodySentAsAFormAnswers415NamingTheAcceptedTypes() {
        client.create("media-3", "{}");
        String form = "application/x-www-form-urlencoded";

        HttpResponse<String> patch = client.send("PATCH", "media-3", "",
                BodyPublishers.ofString("{\"theme\":\"light\"}"), "Content-Type", form);
        HttpResponse<String> create = client.send("POST", "media-4", "", BodyPublishers.ofString("{}"),
                "Content-Type", form);

        for (HttpResponse<String> response : List.of(patch, create)) {
            assertProblem(response, 415);
            JsonNode problem = json(response);
            assertThat(problem.get("type").stringValue())
                    .isEqualTo(ProblemType.UNSUPPORTED_MEDIA_TYPE.uri().toString());
            assertThat(problem.get("detail").stringValue()).contains(form).contains("application/json");
        }
        assertThat(json(patch).get("detail").stringValue()).contains("application/merge-patch+json");
        assertThat(events.count("media-3")).isEqualTo(1);
        assertThat(events.count("media-4")).isZero();
    }

    @Test
    void aBodyOver16KiBAnswers413WhetherOrNotItsLengthIsDeclared() {
        String large = "{\"theme\": \"" + "x".repeat(16 * 1024) + "\"}";
        assertProblem(client.create("large-1", large), 413);
        byte[] bytes = large.getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> chunked = client.send("POST", "large-1", "",
                BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)),
                "Content-Type", "application/json");
        assertProblem(chunked, 413);
        assertThat(events.count("large-1")).isZero();
    }

    @Test
    void creatingAfterDeleteAnswers201AndTheVersionKeepsCounting() {
        client.create("recreate-1", "{\"theme\": \"light\"}");
        assertThat(client.delete("recreate-1").statusCode()).isEqualTo(204);

        HttpResponse<String> response = client.create("recreate-1", "{}");

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("ETag")).hasValue("\"3\"");
        assertThat(json(response).get("version").asLong()).isEqualTo(3);
        assertThat(events.types("recreate-1"))
                .containsExactly("PreferencesCreatedEvent", "PreferencesDeletedEvent", "PreferencesCreatedEvent");
    }

    // --- PATCH ---

    @Test
    void patchingChangesTheGivenFieldsAndAnswers200WithEtag() {
        client.create("patch-1", "{}");

        HttpResponse<String> response = client.patch("patch-1", """
                {"theme": "system", "notificationsEnabled": false}""");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("ETag")).hasValue("\"3\"");
        assertThat(json(response)).isEqualTo(JSON.readTree("{\"userId\": \"patch-1\", \"version\": 3}"));
        assertThat(events.types("patch-1"))
                .containsExactly("PreferencesCreatedEvent", "ThemeChangedEvent", "NotificationsChangedEvent");
    }

    @Test
    void patchingSomeChannelsKeepsTheOthers() throws Exception {
        client.create("channels-1", "{\"notifications\": {\"push\": false}}");

        HttpResponse<String> response = client.patch("channels-1", "{\"notifications\": {\"sms\": true}}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(events.of("channels-1")).extracting(event -> JSON.readTree(event.payload()).get("notifications"))
                .containsExactly(JSON.readTree("{\"email\": null, \"push\": false, \"sms\": null}"),
                        JSON.readTree("{\"email\": null, \"push\": false, \"sms\": true}"));
    }

    @Test
    void theOldSwitchKeepsItsContractMeaning() throws Exception {
        client.create("channels-2", "{\"notifications\": {\"email\": false, \"push\": false, \"sms\": true}}");

        client.patch("channels-2", "{\"notificationsEnabled\": true}");
        client.patch("channels-2", "{\"notificationsEnabled\": false}");
        client.patch("channels-2", "{\"notificationsEnabled\": null}");

        assertThat(events.of("channels-2")).extracting(event -> JSON.readTree(event.payload()).get("notifications"))
                .containsExactly(JSON.readTree("{\"email\": false, \"push\": false, \"sms\": true}"),
                        JSON.readTree("{\"email\": true, \"push\": true, \"sms\": true}"),
                        JSON.readTree("{\"email\": false, \"push\": false, \"sms\": false}"),
                        JSON.readTree("{\"email\": null, \"push\": null, \"sms\": null}"));
    }

    @Test
    void aNullChannelHoldsNoExplicitValueAnyMore() throws Exception {
        client.create("channels-3", "{\"notifications\": {\"email\": false, \"push\": true, \"sms\": true}}");

        client.patch("channels-3", "{\"notifications\": {\"email\": null, \"sms\": null}}");

        assertThat(JSON.readTree(events.of("channels-3").get(1).payload()).get("notifications"))
                .isEqualTo(JSON.readTree("{\"email\": null, \"push\": true, \"sms\": null}"));
    }

    @Test
    void badChannelsAnswer400NamingEachOne() {
        client.create("channels-4", "{}");

        HttpResponse<String> response = client.patch("channels-4",
                "{\"notifications\": {\"email\": \"yes\", \"fax\": true}}");
        HttpResponse<String> notAnObject = client.patch("channels-4", "{\"notifications\": true}");
        HttpResponse<String> both = client.patch("channels-4",
                "{\"notifications\": {\"sms\": true}, \"notificationsEnabled\": false}");

        assertProblem(response, 400);
        assertThat(errorFields(response)).containsExactlyInAnyOrder("notifications.email", "notifications.fax");
        assertProblem(notAnObject, 400);
        assertThat(errorFields(notAnObject)).containsExactly("notifications");
        assertProblem(both, 400);
        assertThat(errorFields(both)).containsExactly("notificationsEnabled");
        assertThat(events.count("channels-4")).isEqualTo(1);
    }

    @Test
    void theOrderOfChannelsDoesNotMakeARepeatADifferentRequest() {
        client.create("channels-5", "{}");

        HttpResponse<String> first = client.patch("channels-5", "{\"notifications\": {\"sms\": true, \"push\": false}}",
                "Idempotency-Key", "channels-5-k");
        HttpResponse<String> again = client.patch("channels-5",
                "{\"notifications\": {\"push\": false, \"sms\": true}}", "Idempotency-Key", "channels-5-k");

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(events.count("channels-5")).isEqualTo(2);
    }

    @Test
    void patchingAcceptsPlainJson() {
        client.create("patch-2", "{}");

        HttpResponse<String> response = client.patch("patch-2", "{\"language\": \"de\"}",
                "Content-Type", "application/json; charset=utf-8");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(events.types("patch-2")).containsExactly("PreferencesCreatedEvent", "LanguageChangedEvent");
    }

    @Test
    void patchingAFieldToNullMakesItInherit() {
        client.create("patch-3", "{\"theme\": \"light\", \"language\": \"fr\"}");

        HttpResponse<String> response = client.patch("patch-3", "{\"theme\": null}");

        assertThat(json(response).get("version").asLong()).isEqualTo(2);
        assertThat(JSON.readTree(events.of("patch-3").get(1).payload()))
                .isEqualTo(JSON.readTree("{\"userId\": \"patch-3\", \"theme\": null}"));
    }

    @Test
    void aPatchThatChangesNothingAppendsNothingAndAnswersTheUnchangedVersion() {
        client.create("patch-4", "{\"language\": \"en-US\"}");

        HttpResponse<String> response = client.patch("patch-4", "{\"theme\": null, \"language\": \"en-us\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("ETag")).hasValue("\"1\"");
        assertThat(client.patch("patch-4", "{}").statusCode()).isEqualTo(200);
        assertThat(events.count("patch-4")).isEqualTo(1);
    }

    @Test
    void patchingAbsentOrDeletedPreferencesAnswers404() {
        assertProblem(client.patch("patch-5", "{\"theme\": \"light\"}"), 404);
        client.create("patch-6", "{}");
        client.delete("patch-6");
        assertProblem(client.patch("patch-6", "{\"theme\": \"light\"}"), 404);
        assertThat(events.count("patch-5")).isZero();
        assertThat(events.count("patch-6")).isEqualTo(2);
    }

    @Test
    void patchingWithInvalidValuesAnswers400AndAppendsNothing() {
        client.create("patch-7", "{}");

        HttpResponse<String> response = client.patch("patch-7", "{\"theme\": \"Light\", \"language\": \"en\"}");

        assertProblem(response, 400);
        assertThat(errorFields(response)).containsExactly("theme");
        assertThat(events.count("patch-7")).isEqualTo(1);
    }

    // --- If-Match ---

    @Test
    void patchingWithTheCurrentVersionInIfMatchSucceeds() {
        client.create("ifmatch-1", "{}");

        HttpResponse<String> response = client.patch("ifmatch-1", "{\"theme\": \"light\"}", "If-Match", "\"1\"");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("ETag")).hasValue("\"2\"");
    }

    @Test
    void aStaleIfMatchAnswers412OnPatchResetAndDeleteAndAppendsNothing() {
        client.create("ifmatch-2", "{}");
        client.patch("ifmatch-2", "{\"theme\": \"light\"}");

        assertProblem(client.patch("ifmatch-2", "{\"theme\": \"system\"}", "If-Match", "\"1\""), 412);
        assertProblem(client.reset("ifmatch-2", "If-Match", "\"1\""), 412);
        assertProblem(client.delete("ifmatch-2", "If-Match", "\"3\""), 412);
        assertThat(events.count("ifmatch-2")).isEqualTo(2);
    }

    @Test
    void ifMatchStarMatchesExistingPreferencesOnly() {
        client.create("ifmatch-3", "{}");

        assertThat(client.patch("ifmatch-3", "{\"theme\": \"light\"}", "If-Match", "*").statusCode()).isEqualTo(200);
        assertProblem(client.patch("ifmatch-4", "{\"theme\": \"light\"}", "If-Match", "*"), 404);
        assertProblem(client.create("ifmatch-4", "{}", "If-Match", "*"), 412);
        assertThat(events.count("ifmatch-4")).isZero();
    }

    @Test
    void anUnparseableIfMatchAnswers400() {
        client.create("ifmatch-5", "{}");

        HttpResponse<String> response = client.patch("ifmatch-5", "{\"theme\": \"light\"}", "If-Match", "1");

        assertProblem(response, 400);
        assertThat(errorFields(response)).containsExactly("If-Match");
        assertProblem(client.delete("ifmatch-5", "If-Match", "\"1"), 400);
        assertThat(events.count("ifmatch-5")).isEqualTo(1);
    }

    /** RFC 9110 13.1.1: strong comparison, so a weak tag never matches; a list matches when any member does. */
    @Test
    void ifMatchComparesStronglyAndAcceptsLists() {
        client.create("ifmatch-6", "{}");

        HttpResponse<String> weak = client.patch("ifmatch-6", "{\"theme\": \"light\"}", "If-Match", "W/\"1\"");
        assertProblem(weak, 412);
        assertThat(json(weak).get("type").stringValue()).isEqualTo(ProblemType.VERSION_MISMATCH.uri().toString());
        assertProblem(client.delete("ifmatch-6", "If-Match", "\"abc\""), 412);
        assertThat(events.count("ifmatch-6")).isEqualTo(1);

        HttpResponse<String> listed = client.patch("ifmatch-6", "{\"theme\": \"light\"}",
                "If-Match", "\"7\", \"1\"");
        assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
        assertThat(client.reset("ifmatch-6", "If-Match", "W/\"2\", \"2\"").statusCode()).isEqualTo(200);
        assertThat(events.count("ifmatch-6")).isEqualTo(3);
    }

    // --- reset and DELETE ---

    @Test
    void resettingAnswers200WithTheNewVersion() {
        client.create("reset-1", "{\"theme\": \"light\"}");

        HttpResponse<String> response = client.reset("reset-1");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("ETag")).hasValue("\"2\"");
        assertThat(json(response)).isEqualTo(JSON.readTree("{\"userId\": \"reset-1\", \"version\": 2}"));
        assertThat(JSON.readTree(events.of("reset-1").get(1).payload())).isEqualTo(JSON.readTree("""
                {"userId": "reset-1", "theme": null, "language": null,
                 "notifications": {"email": null, "push": null, "sms": null}}"""));
    }

    @Test
    void resettingPreferencesWithNoExplicitValueAppendsNothing() {
        client.create("reset-2", "{}");

        HttpResponse<String> response = client.reset("reset-2");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).get("version").asLong()).isEqualTo(1);
        assertThat(events.count("reset-2")).isEqualTo(1);
    }

    @Test
    void resettingAbsentOrDeletedPreferencesAnswers404() {
        assertProblem(client.reset("reset-3"), 404);
        client.create("reset-4", "{\"theme\": \"light\"}");
        client.delete("reset-4");
        assertProblem(client.reset("reset-4"), 404);
        assertThat(events.count("reset-4")).isEqualTo(2);
    }

    @Test
    void deletingAnswers204AndASecondDeleteAnswers404() {
        client.create("delete-1", "{}");

        HttpResponse<String> response = client.delete("delete-1", "If-Match", "\"1\"");

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(response.body()).isEmpty();
        assertProblem(client.delete("delete-1"), 404);
        assertProblem(client.delete("delete-2"), 404);
        assertThat(events.types("delete-1")).containsExactly("PreferencesCreatedEvent", "PreferencesDeletedEvent");
    }

    // --- Idempotency-Key ---

    @Test
    void repeatingACreateWithTheSameKeyAnswersTheFirstAnswerAndAppendsNothing() {
        HttpResponse<String> first = client.create("idem-1", "{\"theme\": \"light\"}", "Idempotency-Key", "k-1");
        HttpResponse<String> again = client.create("idem-1", "{ \"theme\" : \"light\" }", "Idempotency-Key", "k-1");

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(again.statusCode()).isEqualTo(201);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(again.headers().firstValue("Location")).isEqualTo(first.headers().firstValue("Location"));
        assertThat(again.headers().firstValue("ETag")).hasValue("\"1\"");
        assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(events.count("idem-1")).isEqualTo(1);
    }

    @Test
    void repeatingAPatchWithTheSameKeyAnswersTheFirstVersionEvenAfterLaterChanges() {
        client.create("idem-2", "{}");
        HttpResponse<String> first = client.patch("idem-2", "{\"theme\": \"light\"}", "Idempotency-Key", "k-2");
        client.patch("idem-2", "{\"theme\": \"system\"}");

        HttpResponse<String> again = client.patch("idem-2", "{\"theme\": \"light\"}", "Idempotency-Key", "k-2");

        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.headers().firstValue("ETag")).hasValue("\"2\"");
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(events.count("idem-2")).isEqualTo(3);
    }

    @Test
    void repeatingResetAndDeleteWithTheirKeysAnswersTheFirstAnswer() {
        client.create("idem-3", "{\"theme\": \"light\"}");
        HttpResponse<String> reset = client.reset("idem-3", "Idempotency-Key", "reset-key");
        assertThat(client.reset("idem-3", "Idempotency-Key", "reset-key").body()).isEqualTo(reset.body());
        assertThat(client.delete("idem-3", "Idempotency-Key", "delete-key").statusCode()).isEqualTo(204);

        HttpResponse<String> deleteAgain = client.delete("idem-3", "Idempotency-Key", "delete-key");

        assertThat(deleteAgain.statusCode()).isEqualTo(204);
        assertThat(deleteAgain.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(events.types("idem-3"))
                .containsExactly("PreferencesCreatedEvent", "PreferencesResetEvent", "PreferencesDeletedEvent");
    }

    @Test
    void theSameKeyWithAnotherBodyOrOperationAnswers422AndAppendsNothing() {
        client.create("idem-4", "{}", "Idempotency-Key", "k-4");

        assertProblem(client.create("idem-4", "{\"theme\": \"light\"}", "Idempotency-Key", "k-4"), 422);
        assertProblem(client.patch("idem-4", "{}", "Idempotency-Key", "k-4"), 422);
        assertProblem(client.delete("idem-4", "Idempotency-Key", "k-4"), 422);
        assertThat(events.count("idem-4")).isEqualTo(1);
    }

    @Test
    void keysAreScopedPerUser() {
        client.create("idem-5", "{}", "Idempotency-Key", "shared-key");

        HttpResponse<String> other = client.create("idem-6", "{}", "Idempotency-Key", "shared-key");

        assertThat(other.statusCode()).isEqualTo(201);
        assertThat(other.headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(events.count("idem-6")).isEqualTo(1);
    }

    @Test
    void aRefusedRequestDoesNotUseUpItsKey() {
        assertProblem(client.patch("idem-7", "{\"theme\": \"light\"}", "Idempotency-Key", "k-7"), 404);
        client.create("idem-7", "{}");

        HttpResponse<String> retried = client.patch("idem-7", "{\"theme\": \"light\"}", "Idempotency-Key", "k-7");

        assertThat(retried.statusCode()).isEqualTo(200);
        assertThat(json(retried).get("version").asLong()).isEqualTo(2);
        assertThat(storedKey("idem-7", "k-7")).containsEntry("status", 200).containsEntry("version", 2L);
    }

    @Test
    void anInvalidKeyAnswers400() {
        HttpResponse<String> response = client.create("idem-8", "{}", "Idempotency-Key", "x".repeat(256));

        assertProblem(response, 400);
        assertThat(errorFields(response)).containsExactly("Idempotency-Key");
        assertThat(events.count("idem-8")).isZero();
    }

    // --- metadata ---

    @Test
    void everyEventCarriesTheCallerTheKeyAndACorrelationId() {
        String admin = JwtTokens.mint(CommandClient.testSecret(), "support-desk", true, Duration.ofMinutes(5));
        client.create("meta-1", "{}", "Authorization", "Bearer " + admin);
        client.patch("meta-1", "{\"theme\": \"light\", \"language\": \"de\"}", "Idempotency-Key", "meta-key");

        List<StoredEvents.Row> stored = events.of("meta-1");

        assertThat(stored).hasSize(3);
        JsonNode created = JSON.readTree(stored.get(0).metaData());
        assertThat(created.get("sub").stringValue()).as("an admin acting for the user").isEqualTo("support-desk");
        assertThat(created.has("idempotencyKey")).isFalse();
        assertThat(created.get("correlationId").stringValue()).isNotBlank();
        JsonNode theme = JSON.readTree(stored.get(1).metaData());
        JsonNode language = JSON.readTree(stored.get(2).metaData());
        assertThat(theme.get("sub").stringValue()).as("the user itself").isEqualTo("meta-1");
        assertThat(theme.get("idempotencyKey").stringValue()).isEqualTo("meta-key");
        assertThat(theme.get("correlationId")).isEqualTo(language.get("correlationId"));
        assertThat(theme.get("correlationId")).isNotEqualTo(created.get("correlationId"));
        assertThat(theme.has("requestHash")).isFalse();
    }

    @Test
    void withoutATokenNoRequestActsAsTheAnonymousUser() throws Exception {
        // Spring names a caller without a token "anonymousUser"; that must not make it the owner of that user id.
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        String path = "http://localhost:" + port + "/api/users/anonymousUser/preferences";
        List<java.net.http.HttpRequest> requests = List.of(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(path)).header("Content-Type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")).build(),
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(path))
                        .header("Content-Type", "application/merge-patch+json")
                        .method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString("{\"theme\": \"light\"}"))
                        .build(),
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(path + "/reset"))
                        .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(path)).DELETE().build());
        for (java.net.http.HttpRequest request : requests) {
            assertProblem(http.send(request, java.net.http.HttpResponse.BodyHandlers.ofString()), 401);
        }
        assertThat(events.of("anonymousUser")).isEmpty();
    }

    private static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    private static List<String> errorFields(HttpResponse<String> response) {
        return json(response).get("errors").valueStream().map(error -> {
            assertThat(error.get("message").stringValue()).isNotBlank();
            return error.get("field").stringValue();
        }).toList();
    }

    private static void assertProblem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith(PROBLEM_JSON));
        JsonNode problem = json(response);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("type").stringValue()).isNotBlank();
        assertThat(problem.get("title").stringValue()).isNotBlank();
        assertThat(problem.get("detail").stringValue()).isNotBlank();
    }

    private static Map<String, Object> storedKey(String userId, String key) {
        try (Connection connection = DB.connect();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT status, version FROM idempotency_keys WHERE user_id = ? AND idempotency_key = ?")) {
            statement.setString(1, userId);
            statement.setString(2, key);
            try (ResultSet result = statement.executeQuery()) {
                assertThat(result.next()).as("a stored key").isTrue();
                return Map.of("status", result.getInt(1), "version", result.getLong(2));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theOpenApiDocumentShowsTheBodiesOfCreateAndChange() throws Exception {
        HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + "/v3/api-docs"))
                        .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        tools.jackson.databind.JsonNode document = tools.jackson.databind.json.JsonMapper.builder().build()
                .readTree(response.body());
        tools.jackson.databind.JsonNode path = document.path("paths").path("/api/users/{userId}/preferences");
        assertThat(path.path("post").path("requestBody").path("content").path("application/json").path("schema")
                .path("$ref").asString()).endsWith("/PreferencesRequest");
        assertThat(path.path("patch").path("requestBody").path("content").has("application/merge-patch+json")).isTrue();
        assertThat(document.path("components").path("schemas").path("PreferencesRequest").path("properties")
                .propertyNames()).containsExactlyInAnyOrder("theme", "language", "notifications", "notificationsEnabled",
                        "tenantId");
    }
}
