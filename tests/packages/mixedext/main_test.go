package main

// Excluded: would redeclare main.
func main() {}
