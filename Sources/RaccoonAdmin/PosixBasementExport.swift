// SystemCallError is declared in PosixBasement, the one libc basement; raccoonctl and the daemon see it here.
@_exported public import PosixBasement
