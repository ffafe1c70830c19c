package main

import "fmt"

// a and b depend on each other through f, across two files.
var a = b + 1

func main() { fmt.Println(a) }
