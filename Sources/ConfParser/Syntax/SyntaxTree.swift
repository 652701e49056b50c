/// One racoon.conf statement: a directive name, its arguments, and either `;` or a `{ … }` body.
///
/// The tree is deliberately generic (`keyword arguments… ;` or `keyword arguments… { statements }`): racoon's
/// grammar is regular at this level, and the builder interprets arguments per directive with exact locations.
struct Statement: Sendable {
    /// The directive name (`remote`, `encryption_algorithm`, …).
    var keyword: Token
    /// The tokens between the name and the terminator, commas included.
    var arguments: [Token]
    /// The `;` or `{` that ended the argument list.
    var terminator: Token
    /// The body, for block statements.
    var body: Body?
}

/// The statements of a block.
struct Body: Sendable {
    /// The statements, in file order.
    var statements: [Statement]
    /// False for racoon-damaged `sainfo` blocks written without braces (the body then runs to the next
    /// top-level statement or the end of the file).
    var isBraced: Bool
}

/// The statements of one file, with its name.
struct SyntaxTree: Sendable {
    /// The file name used in locations.
    var file: String
    /// The top-level statements, in file order.
    var statements: [Statement]
}
