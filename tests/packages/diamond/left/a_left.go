package left

import "example.com/diamond/base"

var helper = base.Note("left.helper (a_left.go)") * 10

func init() { base.Note("left init in a_left.go #1") }

func init() { base.Note("left init in a_left.go #2") }
