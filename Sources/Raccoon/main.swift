// Placeholder: the real command line lands with the Foundation issue.
