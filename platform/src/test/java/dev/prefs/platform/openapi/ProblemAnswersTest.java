package dev.prefs.platform.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Test;
import org.springframework.web.method.HandlerMethod;

class ProblemAnswersTest {

    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @Problem(status = 400, when = "Bad input")
    @Problem(status = 409, when = "Busy", retryAfter = true)
    @interface Shared {
    }

    static class Controller {

        @Shared
        @Problem(status = 409, when = "Exists")
        @Problem(status = 404)
        void annotated() {
        }

        void plain() {
        }
    }

    @Test
    void gathersTheProblemsOfTheMethodAndOfItsComposedAnnotations() throws Exception {
        Operation operation = new ProblemAnswers().customize(new Operation(), handler("annotated"));

        assertThat(operation.getResponses()).containsOnlyKeys("400", "404", "409");
        assertThat(operation.getResponses().get("400").getDescription()).isEqualTo("Bad input");
        assertThat(operation.getResponses().get("404").getDescription()).isEqualTo("Not found");
        assertThat(operation.getResponses().get("409").getDescription()).as("the method's own first")
                .isEqualTo("Exists; or busy");
        assertThat(operation.getResponses().get("409").getHeaders()).containsOnlyKeys("Retry-After");
        assertThat(operation.getResponses().get("404").getHeaders()).isNull();
        ApiResponse notFound = operation.getResponses().get("404");
        assertThat(notFound.getContent()).containsOnlyKeys("application/problem+json");
        assertThat(notFound.getContent().get("application/problem+json").getSchema().get$ref())
                .isEqualTo("#/components/schemas/ProblemDetail");
    }

    @Test
    void leavesAnOperationWithoutProblemsAsItWas() throws Exception {
        ApiResponses responses = new ApiResponses().addApiResponse("200", new ApiResponse().description("OK"));
        Operation operation = new ProblemAnswers().customize(new Operation().responses(responses), handler("plain"));

        assertThat(operation.getResponses()).containsOnlyKeys("200");
    }

    private static HandlerMethod handler(String name) throws NoSuchMethodException {
        return new HandlerMethod(new Controller(), Controller.class.getDeclaredMethod(name));
    }
}
