package main

// A main package cannot be imported.
func Run() {}

func main() {}
