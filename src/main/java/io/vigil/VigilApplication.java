package io.vigil;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Vigil: evaluates Elastic EQL detection rules over streams of ECS events and serves the
 * alerts. Beans every package shares are defined here; each package configures its own.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class VigilApplication {

	/** The wall clock that receipt times, lateness and triage times are read from. */
	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	public static void main(String[] args) {
		SpringApplication.run(VigilApplication.class, args);
	}

}
