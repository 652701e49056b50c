// Placeholder: the real setkey lands with the setkey issue.
