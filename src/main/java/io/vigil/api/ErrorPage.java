package io.vigil.api;

import java.io.IOException;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * The container's error page: an error raised outside every controller (a request the
 * servlet container refuses, a filter's failure) is answered like the others, in the
 * caller's format with the container's status. Asked for directly, {@code /error} is not
 * found.
 */
@Controller
class ErrorPage implements ErrorController {

	private final JsonMapper json;

	ErrorPage(JsonMapper json) {
		this.json = json;
	}

	@RequestMapping("/error")
	void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
		HttpStatus status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code
				&& HttpStatus.resolve(code) != null ? HttpStatus.resolve(code) : HttpStatus.NOT_FOUND;
		String path = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String uri ? uri : "/error";
		String reason = status.is5xxServerError() ? "The request failed; the server's log says why"
				: "%s: %s".formatted(status.getReasonPhrase(), path);
		ErrorResponses.write(json, response, path, status,
				status == HttpStatus.NOT_FOUND ? "resource_not_found_exception"
						: status.is4xxClientError() ? "illegal_argument_exception" : "exception",
				reason);
	}

}
