package dev.prefs.platform.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProtectedPathsTest {

    @Test
    void protectedOperationsGetTheTokenAndTheSharedProblemsOthersDoNot() {
        OpenAPI api = document();

        new ProtectedPaths().customise(api);

        Operation read = api.getPaths().get("/api/users/{userId}/preferences").getGet();
        assertThat(read.getSecurity()).singleElement().satisfies(requirement ->
                assertThat(requirement).containsOnlyKeys("bearer-jwt"));
        assertThat(read.getResponses().keySet()).containsExactly("200", "400", "401", "403", "406", "503");
        assertThat(read.getResponses().get("503").getDescription())
                .startsWith("Lagging; or the database cannot be reached");
        assertThat(api.getPaths().get("/admin/migrations").getGet().getResponses()).containsKeys("401", "403");

        Operation health = api.getPaths().get("/health").getGet();
        assertThat(health.getSecurity()).isNull();
        assertThat(health.getResponses()).containsOnlyKeys("200");
    }

    @Test
    void recurringParametersGetOneDefinitionAndHeaderReferencesNoSiblings() {
        OpenAPI api = document();

        new ProtectedPaths().customise(api);

        Operation read = api.getPaths().get("/api/users/{userId}/preferences").getGet();
        assertThat(read.getParameters().get(0).getSchema().getPattern()).isEqualTo("^[A-Za-z0-9._:@-]{1,128}$");
        assertThat(read.getParameters().get(1).getDescription()).contains("304");
        Header etag = read.getResponses().get("200").getHeaders().get("ETag");
        assertThat(etag.get$ref()).isEqualTo(HeaderRefs.ETAG);
        assertThat(etag.getStyle()).isNull();
    }

    private static OpenAPI document() {
        Operation read = new Operation()
                .parameters(List.of(new Parameter().in("path").name("userId"),
                        new Parameter().in("header").name("If-None-Match")))
                .responses(new ApiResponses()
                        .addApiResponse("503", PrefsDocument.problem(503, "Lagging"))
                        .addApiResponse("200", new ApiResponse().description("OK")
                                .addHeaderObject("ETag", new Header().$ref(HeaderRefs.ETAG)
                                        .style(Header.StyleEnum.SIMPLE))));
        return new OpenAPI().paths(new Paths()
                .addPathItem("/api/users/{userId}/preferences", new PathItem().get(read))
                .addPathItem("/admin/migrations", new PathItem().get(new Operation().responses(new ApiResponses()
                        .addApiResponse("200", new ApiResponse().description("OK")))))
                .addPathItem("/health", new PathItem().get(new Operation().responses(new ApiResponses()
                        .addApiResponse("200", new ApiResponse().description("UP"))))));
    }
}
