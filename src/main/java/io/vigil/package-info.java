/**
 * Application entry point. Features live in sub-packages: {@code rules} (the rule catalogue),
 * {@code eql} (the query language), {@code diagnostics} (positioned messages) and {@code system}
 * (web and error handling).
 */
@NullMarked
package io.vigil;

import org.jspecify.annotations.NullMarked;
