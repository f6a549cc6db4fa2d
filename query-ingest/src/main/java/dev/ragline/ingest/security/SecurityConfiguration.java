package dev.ragline.ingest.security;

import dev.ragline.ingest.IngestProperties;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** API keys, rate limits and CORS, each off until configured. */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	static final String API = "/api/*";

	@Bean
	FilterRegistrationBean<ApiKeyFilter> apiKeyFilter(IngestProperties properties) {
		FilterRegistrationBean<ApiKeyFilter> registration = new FilterRegistrationBean<>(
				new ApiKeyFilter(properties.apiKeys()));
		registration.addUrlPatterns(API);
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
		registration.setEnabled(!properties.apiKeys().isEmpty());
		return registration;
	}

	@Bean
	FilterRegistrationBean<RateLimitFilter> rateLimitFilter(IngestProperties properties) {
		FilterRegistrationBean<RateLimitFilter> registration = new FilterRegistrationBean<>(
				new RateLimitFilter(Math.max(1, properties.rateLimit())));
		registration.addUrlPatterns(API);
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
		registration.setEnabled(properties.rateLimit() > 0);
		return registration;
	}

	@Bean
	WebMvcConfigurer corsConfigurer(IngestProperties properties) {
		return new WebMvcConfigurer() {
			@Override
			public void addCorsMappings(CorsRegistry registry) {
				if (properties.corsAllowedOrigins().isEmpty()) {
					return;
				}
				registry.addMapping("/api/**")
					.allowedOrigins(properties.corsAllowedOrigins().toArray(String[]::new))
					.allowedMethods("GET", "POST", "DELETE")
					.allowedHeaders(HttpHeaders.CONTENT_TYPE, HttpHeaders.AUTHORIZATION, ApiKeyFilter.HEADER,
							"Idempotency-Key", HttpHeaders.CACHE_CONTROL)
					.exposedHeaders(HttpHeaders.LOCATION, HttpHeaders.RETRY_AFTER);
			}
		};
	}

}
