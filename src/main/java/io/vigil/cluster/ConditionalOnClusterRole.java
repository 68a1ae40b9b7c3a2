package io.vigil.cluster;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when clustered mode is enabled and this instance's role includes the given one.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD })
@Documented
@Conditional(ConditionalOnClusterRole.RoleCondition.class)
public @interface ConditionalOnClusterRole {

	/** {@link ClusterRole#INGEST} or {@link ClusterRole#CORRELATION}. */
	ClusterRole value();

	final class RoleCondition extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			Map<String, Object> attributes = metadata.getAnnotationAttributes(ConditionalOnClusterRole.class.getName());
			ClusterRole wanted = (ClusterRole) attributes.get("value");
			Binder binder = Binder.get(context.getEnvironment());
			if (!binder.bind("cluster.enabled", Boolean.class).orElse(false)) {
				return ConditionOutcome.noMatch("clustered mode is off");
			}
			ClusterRole role = binder.bind("cluster.role", ClusterRole.class).orElse(ClusterRole.BOTH);
			boolean matches = wanted == ClusterRole.INGEST ? role.ingests() : role.correlates();
			return matches ? ConditionOutcome.match("role " + role + " includes " + wanted)
					: ConditionOutcome.noMatch("role " + role + " excludes " + wanted);
		}

	}

}
