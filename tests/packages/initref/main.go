package main

func init() {}

// init functions cannot be referred to.
func main() { init() }
