package io.vigil.api;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * Refuses, on the service's own API, a query parameter the operation does not declare: a
 * misspelt filter ({@code stauts=closed}) silently ignored would widen what a request
 * reads or changes. An operation declares a parameter by {@link RequestParam}, by a
 * {@link RequestMapping#params()} condition, or, for names by pattern
 * ({@code key.<field>}), by a {@link ParameterPrefix} on a map of parameters. The
 * Elasticsearch-compatible endpoints stay lenient: their clients send parameters of their
 * own.
 */
final class UnknownParameters implements HandlerInterceptor {

	private final Map<Method, Set<String>> declared = new ConcurrentHashMap<>();

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		if (!(handler instanceof HandlerMethod method) || !ErrorResponses.path(request).startsWith("/api/")) {
			return true;
		}
		Set<String> known = declared.computeIfAbsent(method.getMethod(), ignored -> declared(method));
		List<String> unknown = queryParameterNames(request).stream()
			.filter(name -> !known.contains(name) && known.stream()
				.noneMatch(
						prefix -> prefix.endsWith(".") && name.startsWith(prefix) && name.length() > prefix.length()))
			.toList();
		if (!unknown.isEmpty()) {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
					"Unknown query parameter(s) %s; the known ones are %s".formatted(unknown, known));
			problem.setTitle("Bad request");
			throw new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
		}
		return true;
	}

	/**
	 * The names in the query string: a form's fields are its body, which the ingest
	 * endpoints refuse unread.
	 */
	private static Set<String> queryParameterNames(HttpServletRequest request) {
		String query = request.getQueryString();
		if (query == null) {
			return Set.of();
		}
		Set<String> names = new TreeSet<>();
		UriComponentsBuilder.fromUriString("?" + query)
			.build()
			.getQueryParams()
			.keySet()
			.forEach(name -> names.add(UriUtils.decode(name, StandardCharsets.UTF_8)));
		return names;
	}

	/**
	 * The names the operation reads, and the prefixes (ending in {@code .}) of those it
	 * takes by pattern.
	 */
	private static Set<String> declared(HandlerMethod method) {
		Set<String> names = new TreeSet<>();
		for (MethodParameter parameter : method.getMethodParameters()) {
			RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
			if (param == null) {
				continue;
			}
			if (Map.class.isAssignableFrom(parameter.getParameterType())) {
				ParameterPrefix prefix = parameter.getParameterAnnotation(ParameterPrefix.class);
				if (prefix != null) {
					names.add(prefix.value());
				}
			}
			else {
				// name and value are aliases that only Spring's annotation support merges
				String name = !param.name().isEmpty() ? param.name() : param.value();
				names.add(!name.isEmpty() ? name : String.valueOf(parameter.getParameterName()));
			}
		}
		RequestMapping mapping = AnnotatedElementUtils.findMergedAnnotation(method.getMethod(), RequestMapping.class);
		if (mapping != null) {
			for (String condition : mapping.params()) {
				names.add(condition.replaceFirst("^!", "").replaceFirst("!?=.*$", ""));
			}
		}
		return names;
	}

}
