package lib

// Only a test file: the go command reports the package has no non-test Go files.
func F() {}
