package io.vigil.security;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.EnumSet;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * With no key configured: a client on this machine (loopback address) has every role, so
 * the quick start works unchanged; any other client is anonymous and therefore refused.
 * <p>
 * A browser on this machine is such a client too, whatever page it shows: without a
 * check, any web page could post events or close alerts through it (a cross-site
 * {@code text/plain} POST needs no preflight). So a request a browser marks as coming
 * from another site ({@code Sec-Fetch-Site} other than {@code same-origin} or
 * {@code none}, or an {@code Origin} other than the service's own) is refused. Shippers
 * and command-line clients send neither header.
 */
final class LoopbackClients extends OncePerRequestFilter {

	/**
	 * Who changed an alert's status, when the change came from this machine without a
	 * key.
	 */
	static final String PRINCIPAL = "localhost";

	private final SecurityErrors errors;

	LoopbackClients(SecurityErrors errors) {
		this.errors = errors;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String crossSite = crossSite(request);
		if (crossSite != null) {
			errors.refuse(request, response, HttpStatus.FORBIDDEN, ("A browser request from another site (%s) is "
					+ "refused: with no API key configured, only this machine's own clients are served, and a web "
					+ "page must not act for them")
				.formatted(crossSite));
			return;
		}
		if (isLoopback(request.getRemoteAddr())) {
			SecurityContextHolder.getContext()
				.setAuthentication(ApiKeyAuthentication.verified(PRINCIPAL, EnumSet.allOf(Role.class)));
		}
		chain.doFilter(request, response);
	}

	/**
	 * What marks the request as sent by a page of another site; null when nothing does.
	 */
	private static @Nullable String crossSite(HttpServletRequest request) {
		String site = request.getHeader("Sec-Fetch-Site");
		if (site != null && !site.equals("same-origin") && !site.equals("none")) {
			return "Sec-Fetch-Site [" + site + "]";
		}
		String origin = request.getHeader("Origin");
		if (origin != null && !origin.equalsIgnoreCase(request.getScheme() + "://" + request.getHeader("Host"))) {
			return "Origin [" + origin + "]";
		}
		return null;
	}

	private static boolean isLoopback(String address) {
		try {
			// the servlet container gives a literal address: no name lookup happens here
			return InetAddress.getByName(address).isLoopbackAddress();
		}
		catch (UnknownHostException ex) {
			return false;
		}
	}

}
