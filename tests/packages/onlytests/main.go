package main

import "example.com/onlytests/lib"

func main() { lib.F() }
