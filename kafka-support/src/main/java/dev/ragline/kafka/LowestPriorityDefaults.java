package dev.ragline.kafka;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Default values of Spring Boot properties in a property source below every other one:
 * whatever the user sets (a property, an environment variable, an argument) wins.
 */
abstract class LowestPriorityDefaults implements EnvironmentPostProcessor {

	private final String name;

	private final Map<String, Object> defaults;

	LowestPriorityDefaults(String name, Map<String, Object> defaults) {
		this.name = name;
		this.defaults = Map.copyOf(defaults);
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!environment.getPropertySources().contains(this.name)) {
			environment.getPropertySources().addLast(new MapPropertySource(this.name, this.defaults));
		}
	}

}
