package io.vigil.api;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.exc.ValueInstantiationException;

import org.springframework.beans.TypeMismatchException;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.TransactionException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * RFC 9457 problem details for every error Spring MVC raises, as Boot's own handler would
 * give, plus an {@code errors} list ({@code field}, {@code message}) for validation
 * problems so a client can show each one where it belongs. Endpoints that must answer in
 * another format (the Elasticsearch-compatible ones) handle their errors in their
 * controller, which wins.
 */
@RestControllerAdvice
class ApiProblemHandler extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ApiProblemHandler.class);

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<Map<String, String>> errors = ex.getBindingResult()
			.getAllErrors()
			.stream()
			.map(error -> error(error instanceof FieldError field ? field.getField() : error.getObjectName(),
					String.valueOf(error.getDefaultMessage())))
			.toList();
		return withErrors(super.handleMethodArgumentNotValid(ex, headers, status, request), errors);
	}

	@Override
	protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<Map<String, String>> errors = ex.getParameterValidationResults()
			.stream()
			.flatMap(result -> result.getResolvableErrors()
				.stream()
				.map(error -> error(result.getMethodParameter().getParameterName(),
						String.valueOf(error.getDefaultMessage()))))
			.toList();
		return withErrors(super.handleHandlerMethodValidationException(ex, headers, status, request), errors);
	}

	@Override
	protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		Throwable cause = ex.getMostSpecificCause();
		String message = cause instanceof IllegalArgumentException ? cause.getMessage() : "Expected a value of type "
				+ (ex.getRequiredType() == null ? "?" : ex.getRequiredType().getSimpleName());
		return withErrors(super.handleTypeMismatch(ex, headers, status, request),
				List.of(error(String.valueOf(ex.getPropertyName()), message)));
	}

	/**
	 * A body that cannot be bound names the property at fault (an unknown name, with the
	 * names the API knows; a value of the wrong type) instead of Spring's bare "Failed to
	 * read request".
	 */
	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		ResponseEntity<Object> response = super.handleHttpMessageNotReadable(ex, headers, status, request);
		DatabindException binding = databindCause(ex);
		if (binding == null) {
			return response;
		}
		String field = binding.getPath()
			.stream()
			.map(reference -> reference.getPropertyName() != null ? reference.getPropertyName()
					: "[" + reference.getIndex() + "]")
			.collect(Collectors.joining("."))
			.replace(".[", "[");
		String message = binding instanceof UnrecognizedPropertyException unknown
				? "unknown property [%s]; the known ones are %s".formatted(unknown.getPropertyName(),
						unknown.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList())
				: binding instanceof ValueInstantiationException
						&& binding.getCause() instanceof IllegalArgumentException invalid ? invalid.getMessage()
								: binding.getOriginalMessage();
		if (response.getBody() instanceof ProblemDetail problem) {
			problem.setDetail("The request body cannot be read at [%s]: %s".formatted(field, message));
		}
		return withErrors(response, List.of(error(field, message)));
	}

	/**
	 * The binding failure behind an unreadable body; a value a type refuses is its cause,
	 * not the last one.
	 */
	private static @Nullable DatabindException databindCause(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof DatabindException binding) {
				return binding;
			}
		}
		return null;
	}

	/** Two changes to one alert at once: the second is refused rather than lost. */
	@ExceptionHandler
	ProblemDetail concurrentChange(OptimisticLockingFailureException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
				"The alert was changed concurrently; read it again and retry");
		problem.setTitle("Concurrent change");
		return problem;
	}

	/**
	 * The database cannot be reached: a 503 with Retry-After, never a 200 for work that
	 * was not stored. Readiness reports the same outage.
	 */
	@ExceptionHandler({ DataAccessException.class, TransactionException.class })
	ResponseEntity<ProblemDetail> databaseFailure(RuntimeException ex) {
		if (!DatabaseOutage.causedBy(ex)) {
			log.error("Database failure", ex);
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
					"The database refused the request; nothing of it was stored");
			return ResponseEntity.internalServerError().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
		}
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				"The database is unavailable; nothing of this request was stored, send it again");
		problem.setTitle("Database unavailable");
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, RetryAfter.UNAVAILABLE)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(problem);
	}

	private static Map<String, String> error(String field, String message) {
		return Map.of("field", field, "message", message);
	}

	private static ResponseEntity<Object> withErrors(ResponseEntity<Object> response,
			List<Map<String, String>> errors) {
		if (response.getBody() instanceof ProblemDetail problem) {
			problem.setProperty("errors", errors);
		}
		return response;
	}

}
