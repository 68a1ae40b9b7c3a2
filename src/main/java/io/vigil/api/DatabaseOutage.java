package io.vigil.api;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.TransactionException;

/**
 * Whether a failure means the database could not do the work now and nothing was stored:
 * the request should be answered 503 and sent again. A lost connection shows up in many
 * wrappings (a failed statement, a failed commit, a rollback on a closed connection,
 * which hides the first error), so the cause chain is searched for a connection error
 * (JDBC's connection exception classes, SQLState class 08), a transient failure
 * (deadlock, timeout), or a transaction that could not begin, commit or roll back.
 */
public final class DatabaseOutage {

	private DatabaseOutage() {
	}

	public static boolean causedBy(@Nullable Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
			if (cause instanceof DataAccessResourceFailureException || cause instanceof TransientDataAccessException
					|| cause instanceof TransactionException || cause instanceof org.hibernate.TransactionException
					|| cause instanceof SQLTransientConnectionException
					|| cause instanceof SQLNonTransientConnectionException) {
				return true;
			}
			if (cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
				return true;
			}
		}
		return false;
	}

}
