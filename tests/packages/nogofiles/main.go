package main

import "example.com/nogofiles/lib"

func main() { lib.F() }
