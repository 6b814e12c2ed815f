package dev.prefs.platform.problem;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.springframework.core.ResolvableType;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.SmartHttpMessageConverter;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Wraps a Jackson converter so that the answers of Prefs' own controllers come in {@code application/json} only.
 * Left alone, Jackson also offers {@code application/*+json} and YAML, so {@code Accept: application/problem+json}
 * got a successful body labelled as a problem; now a client that accepts no JSON gets 406. Problem details keep
 * their {@code application/problem+json}, and the framework's own endpoints (actuator) keep their media types.
 */
final class JsonSuccessBodies implements SmartHttpMessageConverter<Object> {

    private final SmartHttpMessageConverter<Object> delegate;

    @SuppressWarnings("unchecked")
    JsonSuccessBodies(SmartHttpMessageConverter<?> delegate) {
        this.delegate = (SmartHttpMessageConverter<Object>) delegate;
    }

    @Override
    public List<MediaType> getSupportedMediaTypes() {
        return delegate.getSupportedMediaTypes();
    }

    @Override
    public List<MediaType> getSupportedMediaTypes(Class<?> clazz) {
        List<MediaType> types = delegate.getSupportedMediaTypes(clazz);
        return restricted(clazz) ? types.stream().filter(JsonSuccessBodies::json).toList() : types;
    }

    @Override
    public boolean canRead(ResolvableType type, MediaType mediaType) {
        return delegate.canRead(type, mediaType);
    }

    @Override
    public Object read(ResolvableType type, HttpInputMessage input, Map<String, Object> hints) throws IOException {
        return delegate.read(type, input, hints);
    }

    @Override
    public boolean canWrite(ResolvableType targetType, Class<?> valueClass, MediaType mediaType) {
        if (restricted(valueClass)
            && (mediaType == null ? getSupportedMediaTypes(valueClass).isEmpty() : !json(mediaType))) {
            return false;
        }
        return delegate.canWrite(targetType, valueClass, mediaType);
    }

    @Override
    public void write(Object value, ResolvableType type, MediaType contentType, HttpOutputMessage output,
                      Map<String, Object> hints) throws IOException {
        delegate.write(value, type, contentType, output, hints);
    }

    private static boolean json(MediaType type) {
        return type.equalsTypeAndSubtype(MediaType.APPLICATION_JSON);
    }

    /** A success body written for a controller of ours. */
    private static boolean restricted(Class<?> valueClass) {
        if (valueClass != null && ProblemDetail.class.isAssignableFrom(valueClass)) {
            return false;
        }
        if (!(RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes)) {
            return false;
        }
        Object handler = attributes.getRequest().getAttribute(HandlerMapping.BEST_MATCHING_HANDLER_ATTRIBUTE);
        return handler instanceof HandlerMethod method && method.getBeanType().getName().startsWith("dev.prefs.");
    }
}
