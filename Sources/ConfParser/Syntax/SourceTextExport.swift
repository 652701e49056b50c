// Diagnostics name a SourceLocation, shared with setkey's parser; users of this module see it.
@_exported public import SourceText
