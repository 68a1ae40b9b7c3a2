package io.vigil.ingest;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Elasticsearch clients refuse any response without
 * {@code X-Elastic-Product: Elasticsearch} (the Java client checks every response, errors
 * included), so every response carries it.
 */
@Component
class ElasticProductHeaderFilter extends OncePerRequestFilter {

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		response.setHeader("X-Elastic-Product", "Elasticsearch");
		chain.doFilter(request, response);
	}

}
