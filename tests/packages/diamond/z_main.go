package main

import (
	"example.com/diamond/base"
	"example.com/diamond/left"
	"example.com/diamond/right"
	"fmt"
)

var fromZ = base.Note("main.fromZ (z_main.go)")

func init() { base.Note("main init in z_main.go") }

func main() {
	fmt.Println("main:", fromA, fromZ, left.L, right.R, base.First, base.Second)
	fmt.Println(len(base.Log), "steps")
}
