package io.vigil.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.AuthenticationFilter;

/**
 * The access rules: health and the API documentation are open; everything else needs a
 * role. Stateless: every request carries its key, there is no session, so no CSRF token
 * either.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

	@Bean
	ApiKeys apiKeys(SecurityProperties properties) {
		ApiKeys keys = ApiKeys.of(properties.apiKeys());
		if (keys.isEmpty()) {
			log.warn("""

					*****************************************************************************
					  No API keys are configured (security.api-keys): only clients on this
					  machine (loopback) are served, with every role. Configure keys before
					  exposing the service; see the README, section Security.
					*****************************************************************************""");
		}
		else {
			log.info("{} API keys configured", properties.apiKeys().size());
		}
		return keys;
	}

	/**
	 * Also keeps Boot from creating a user with a generated password: keys are the only
	 * credentials.
	 */
	@Bean
	AuthenticationManager apiKeyAuthentication(ApiKeys keys) {
		return new ProviderManager(new ApiKeyAuthenticationProvider(keys));
	}

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http, ApiKeys keys, AuthenticationManager authentication,
			JsonMapper json) {
		SecurityErrors errors = new SecurityErrors(json, !keys.isEmpty());
		AuthenticationFilter keyFilter = new AuthenticationFilter(authentication, new ApiKeyHeaders());
		keyFilter.setSuccessHandler((request, response, key) -> {
		});
		keyFilter.setFailureHandler(errors);
		http.csrf(AbstractHttpConfigurer::disable)
			.sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.httpBasic(AbstractHttpConfigurer::disable)
			.formLogin(AbstractHttpConfigurer::disable)
			.logout(AbstractHttpConfigurer::disable)
			.requestCache(AbstractHttpConfigurer::disable)
			.exceptionHandling(handling -> handling.authenticationEntryPoint(errors).accessDeniedHandler(errors));
		if (keys.isEmpty()) {
			// no key could verify: credentials a client sends anyway are ignored, as
			// before any key existed
			http.addFilterBefore(new LoopbackClients(errors), AnonymousAuthenticationFilter.class);
		}
		else {
			http.addFilterBefore(keyFilter, AnonymousAuthenticationFilter.class);
		}
		http.authorizeHttpRequests(
				requests -> requests.requestMatchers("/actuator/health", "/actuator/health/**", "/error")
					.permitAll()
					.requestMatchers("/swagger-ui.html", "/swagger-ui/**", "/v3/api-docs", "/v3/api-docs/**")
					.permitAll()
					.requestMatchers(HttpMethod.POST, "/api/v1/events")
					.hasRole(Role.INGEST.name())
					.requestMatchers(HttpMethod.POST, "/api/v1/alerts/_status")
					.hasRole(Role.TRIAGE.name())
					.requestMatchers("/api/v1/rules/_validate", "/api/v1/rules/_test")
					.hasRole(Role.ADMIN.name())
					.requestMatchers(HttpMethod.GET, "/api/v1/alerts", "/api/v1/alerts/**", "/api/v1/rules",
							"/api/v1/rules/**", "/api/v1/attack/**")
					.hasRole(Role.READ.name())
					.requestMatchers("/actuator/**")
					.hasRole(Role.ADMIN.name())
					.requestMatchers("/api/**")
					.authenticated()
					// the rest is the Elasticsearch-compatible surface shippers call
					.anyRequest()
					.hasRole(Role.INGEST.name()));
		return http.build();
	}

}
