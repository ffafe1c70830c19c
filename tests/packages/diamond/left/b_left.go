package left

import "example.com/diamond/base"

// L depends on a variable declared in a file sorted earlier (a_left.go).
var L = base.Note("left.L") + helper

func init() { base.Note("left init in b_left.go") }
