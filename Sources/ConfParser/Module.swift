// Placeholder until this module's first real source file lands.
