// Diagnostics name a SourceLocation, shared with racoon.conf's parser; users of this module see it.
@_exported public import SourceText
