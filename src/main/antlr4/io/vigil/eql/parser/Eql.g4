/*
 * EQL as Elasticsearch 8.x accepts it in detection rules: event queries, sequences (with
 * missing-event stages and until), samples and the head/tail pipes.
 *
 * The grammar is deliberately a little more permissive than the language: a few forms that
 * users bring from the Endgame dialect or from other languages (single-quoted strings, '=' as
 * equality, 'with' before 'by', pipes other than head/tail) parse here so that AstBuilder can
 * reject them with a message that says what to write instead.
 */
grammar Eql;

statement
    : query pipe* EOF
    ;

query
    : sequence
    | sample
    | eventQuery
    ;

sequence
    : SEQUENCE (by=joinKeys span=maxspan? | span=maxspan lateBy=joinKeys?)? sequenceStage+ untilStage?
    ;

sample
    : SAMPLE joinKeys? maxspan? sequenceStage+
    ;

maxspan
    : WITH MAXSPAN ASSIGN timeUnit
    ;

// '30s', '5 m', '10m': a duration is an integer followed by a unit, with or without a space.
timeUnit
    : number unit=IDENTIFIER?
    ;

sequenceStage
    : missing=BANG? LB eventFilter RB joinKeys? (WITH RUNS ASSIGN runs=number)?
    ;

untilStage
    : UNTIL LB eventFilter RB joinKeys?
    ;

joinKeys
    : BY joinKey (COMMA joinKey)*
    ;

// '?field' is an optional key: a missing value joins as null instead of excluding the event.
joinKey
    : optional=QUESTION? field
    ;

eventQuery
    : eventFilter
    ;

eventFilter
    : (ANY | category=eventCategory) WHERE condition=expression
    ;

eventCategory
    : IDENTIFIER
    | STRING
    ;

pipe
    : PIPE name=IDENTIFIER (pipeArgument (COMMA pipeArgument)*)?
    ;

pipeArgument
    : expression
    ;

expression
    : booleanExpression
    ;

// Alternatives are listed from the tightest binding to the loosest: not, and, or.
booleanExpression
    : NOT booleanExpression                                         # logicalNot
    | left=booleanExpression AND right=booleanExpression            # logicalAnd
    | left=booleanExpression OR right=booleanExpression             # logicalOr
    | valueExpression predicate?                                    # predicated
    ;

predicate
    : NOT? kind=(IN | IN_INSENSITIVE) LP expression (COMMA expression)* RP
    | kind=(SEQ | LIKE | LIKE_INSENSITIVE | REGEX | REGEX_INSENSITIVE) LP expression (COMMA expression)* RP
    | kind=(SEQ | LIKE | LIKE_INSENSITIVE | REGEX | REGEX_INSENSITIVE) valueExpression
    ;

valueExpression
    : primaryExpression                                                                 # value
    | operator=MINUS valueExpression                                                    # arithmeticUnary
    | left=valueExpression operator=(ASTERISK | SLASH | PERCENT) right=valueExpression   # arithmeticBinary
    | left=valueExpression operator=(PLUS | MINUS) right=valueExpression                # arithmeticBinary
    | left=valueExpression comparisonOperator right=valueExpression                     # comparison
    ;

comparisonOperator
    : EQ | NEQ | LT | LTE | GT | GTE | ASSIGN
    ;

primaryExpression
    : constant                                                      # constantDefault
    | functionName LP (expression (COMMA expression)*)? RP          # functionCall
    | optional=QUESTION? field                                      # dereference
    | LP expression RP                                              # parenthesized
    ;

functionName
    : IDENTIFIER
    | INSENSITIVE_IDENTIFIER
    ;

field
    : fieldSegment (DOT fieldSegment)*
    ;

fieldSegment
    : IDENTIFIER
    | QUOTED_IDENTIFIER
    // Keywords are valid field-name segments after a dot (e.g. 'winlog.event_data.sequence').
    | AND | ANY | BY | IN | LIKE | MAXSPAN | NOT | OR | REGEX | RUNS | SAMPLE | SEQUENCE | UNTIL | WHERE | WITH
    | TRUE | FALSE | NULL
    ;

constant
    : NULL                                                          # nullLiteral
    | number                                                        # numericLiteral
    | (TRUE | FALSE)                                                # booleanLiteral
    | STRING                                                        # stringLiteral
    | SINGLE_QUOTED_STRING                                          # singleQuotedLiteral
    ;

number
    : DECIMAL_VALUE                                                 # decimalLiteral
    | INTEGER_VALUE                                                 # integerLiteral
    ;

AND : 'and';
ANY : 'any';
BY : 'by';
FALSE : 'false';
IN : 'in';
// Keyword operators with a '~' suffix are one token, so 'in ~' (with a space) is not the same.
IN_INSENSITIVE : 'in~';
LIKE : 'like';
LIKE_INSENSITIVE : 'like~';
MAXSPAN : 'maxspan';
NOT : 'not';
NULL : 'null';
OR : 'or';
REGEX : 'regex';
REGEX_INSENSITIVE : 'regex~';
RUNS : 'runs';
SAMPLE : 'sample';
SEQUENCE : 'sequence';
TRUE : 'true';
UNTIL : 'until';
WHERE : 'where';
WITH : 'with';

// ':' is case-insensitive string equality with '*' and '?' wildcards.
SEQ : ':';
ASSIGN : '=';
EQ : '==';
NEQ : '!=';
LT : '<';
LTE : '<=';
GT : '>';
GTE : '>=';
PLUS : '+';
MINUS : '-';
ASTERISK : '*';
SLASH : '/';
PERCENT : '%';
DOT : '.';
COMMA : ',';
LB : '[';
RB : ']';
LP : '(';
RP : ')';
PIPE : '|';
BANG : '!';
QUESTION : '?';

// A triple-quoted string is raw: no escapes, may span lines, cannot contain '"""'.
STRING
    : '"""' .*? '"""'
    | '"' ('\\' . | ~[\\"\r\n])* '"'
    ;

// Not EQL; lexed so that the parser can say "use double quotes".
SINGLE_QUOTED_STRING
    : '\'' ('\\' . | ~[\\'\r\n])* '\''
    ;

INTEGER_VALUE
    : DIGIT+
    ;

DECIMAL_VALUE
    : DIGIT+ DOT DIGIT*
    | DOT DIGIT+
    | DIGIT+ (DOT DIGIT*)? EXPONENT
    | DOT DIGIT+ EXPONENT
    ;

// A function name with the case-insensitive marker, such as 'startsWith~'.
INSENSITIVE_IDENTIFIER
    : (LETTER | '_') (LETTER | DIGIT | '_')* '~'
    ;

IDENTIFIER
    : (LETTER | '_' | '@') (LETTER | DIGIT | '_' | '@')*
    ;

// `...` with a doubled backtick standing for one.
QUOTED_IDENTIFIER
    : '`' (~'`' | '``')* '`'
    ;

LINE_COMMENT
    : '//' ~[\r\n]* -> channel(HIDDEN)
    ;

BLOCK_COMMENT
    : '/*' .*? '*/' -> channel(HIDDEN)
    ;

WS
    : [ \r\n\t]+ -> channel(HIDDEN)
    ;

// Anything else reaches the parser as a token it cannot use, so the error has a position.
UNRECOGNIZED
    : .
    ;

fragment EXPONENT : [Ee] [+-]? DIGIT+;
fragment DIGIT : [0-9];
fragment LETTER : [a-zA-Z];
