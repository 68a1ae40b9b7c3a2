package io.vigil.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a map of query parameters: the operation takes any parameter whose name starts with
 * this prefix ({@code key.} for {@code key.host.id}), and no other by way of the map.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ParameterPrefix {

	String value();

}
