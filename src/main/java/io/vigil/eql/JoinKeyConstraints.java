package io.vigil.eql;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.vigil.eql.ast.Expr;
import io.vigil.eql.ast.Expr.Field;
import io.vigil.eql.ast.Query;

/**
 * Elasticsearch requires of every stage of a sequence or sample the conditions another
 * stage puts on its join keys: each top-level {@code and} operand of a stage that reads
 * one of that stage's key fields and has no {@code or} is added to every other stage,
 * with the key fields renamed to that stage's key fields at the same positions. It shows
 * only with multi-valued keys: {@code sequence by user [A where user == "root"] [B]} does
 * not match an A with {@code user: ["root", "bob"]} followed by a B of {@code bob}.
 */
final class JoinKeyConstraints {

	private JoinKeyConstraints() {
	}

	/**
	 * For each stage, the constraints it borrows from the others (the until stage borrows
	 * none).
	 */
	static List<List<Expr>> propagate(List<Field> shared, List<Query.Stage> stages) {
		List<List<Expr>> borrowed = new ArrayList<>();
		stages.forEach(stage -> borrowed.add(new ArrayList<>()));
		for (int from = 0; from < stages.size(); from++) {
			List<String> fromKeys = keyPaths(shared, stages.get(from));
			for (Expr conjunct : conjuncts(stages.get(from).filter().condition())) {
				if (hasOr(conjunct) || !readsAny(conjunct, fromKeys)) {
					continue;
				}
				for (int to = 0; to < stages.size(); to++) {
					List<String> toKeys = keyPaths(shared, stages.get(to));
					if (to == from || toKeys.size() != fromKeys.size()) {
						continue;
					}
					Map<String, String> renames = new HashMap<>();
					for (int i = 0; i < fromKeys.size(); i++) {
						renames.putIfAbsent(fromKeys.get(i), toKeys.get(i));
					}
					borrowed.get(to).add(rename(conjunct, renames));
				}
			}
		}
		return borrowed;
	}

	private static List<String> keyPaths(List<Field> shared, Query.Stage stage) {
		List<String> paths = new ArrayList<>();
		shared.forEach(field -> paths.add(field.path()));
		stage.keys().forEach(field -> paths.add(field.path()));
		return paths;
	}

	private static List<Expr> conjuncts(Expr condition) {
		return condition instanceof Expr.And and ? and.operands() : List.of(condition);
	}

	private static boolean hasOr(Expr expr) {
		return switch (expr) {
			case Expr.Or ignored -> true;
			case Expr.And and -> and.operands().stream().anyMatch(JoinKeyConstraints::hasOr);
			case Expr.Not not -> hasOr(not.operand());
			default -> false;
		};
	}

	private static boolean readsAny(Expr expr, List<String> paths) {
		return switch (expr) {
			case Field field -> paths.contains(field.path());
			case Expr.Literal ignored -> false;
			case Expr.Not not -> readsAny(not.operand(), paths);
			case Expr.And and -> and.operands().stream().anyMatch(operand -> readsAny(operand, paths));
			case Expr.Or or -> or.operands().stream().anyMatch(operand -> readsAny(operand, paths));
			case Expr.Comparison comparison ->
				readsAny(comparison.left(), paths) || readsAny(comparison.right(), paths);
			case Expr.InList in -> readsAny(in.value(), paths);
			case Expr.Match match -> readsAny(match.value(), paths);
			case Expr.Arithmetic arithmetic ->
				readsAny(arithmetic.left(), paths) || readsAny(arithmetic.right(), paths);
			case Expr.Negate negate -> readsAny(negate.operand(), paths);
			case Expr.FunctionCall call -> call.arguments().stream().anyMatch(argument -> readsAny(argument, paths));
		};
	}

	private static Expr rename(Expr expr, Map<String, String> renames) {
		return switch (expr) {
			case Field field -> renames.containsKey(field.path())
					? new Field(renames.get(field.path()), field.optional(), field.span()) : field;
			case Expr.Literal literal -> literal;
			case Expr.Not not -> new Expr.Not(rename(not.operand(), renames), not.span());
			case Expr.And and ->
				new Expr.And(and.operands().stream().map(operand -> rename(operand, renames)).toList(), and.span());
			case Expr.Or or ->
				new Expr.Or(or.operands().stream().map(operand -> rename(operand, renames)).toList(), or.span());
			case Expr.Comparison comparison -> new Expr.Comparison(comparison.operator(),
					rename(comparison.left(), renames), rename(comparison.right(), renames), comparison.span());
			case Expr.InList in ->
				new Expr.InList(rename(in.value(), renames), in.candidates(), in.caseInsensitive(), in.span());
			case Expr.Match match ->
				new Expr.Match(match.operator(), rename(match.value(), renames), match.patterns(), match.span());
			case Expr.Arithmetic arithmetic -> new Expr.Arithmetic(arithmetic.operator(),
					rename(arithmetic.left(), renames), rename(arithmetic.right(), renames), arithmetic.span());
			case Expr.Negate negate -> new Expr.Negate(rename(negate.operand(), renames), negate.span());
			case Expr.FunctionCall call -> new Expr.FunctionCall(call.name(), call.caseInsensitive(),
					call.arguments().stream().map(argument -> rename(argument, renames)).toList(), call.span());
		};
	}

}
